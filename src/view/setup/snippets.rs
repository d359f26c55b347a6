//! The hosting snippets: plain text filled in with the domain and the policy, ready to paste
//! into a shell, a Worker or a server configuration.

/// Shell commands for a GitHub Pages repository.
pub fn github_files(domain: &str, policy: &str) -> String {
    format!(
        "mkdir -p .well-known\n\
         cat > .well-known/mta-sts.txt <<'EOF'\n\
         {policy}EOF\n\
         echo 'mta-sts.{domain}' > CNAME\n\
         touch .nojekyll\n\
         git add .well-known/mta-sts.txt CNAME .nojekyll\n\
         git commit -m 'MTA-STS policy for {domain}'\n\
         git push\n"
    )
}

pub fn github_dns(domain: &str) -> String {
    format!("mta-sts.{domain}. 3600 IN CNAME <user>.github.io.\n")
}

/// A folder for Cloudflare Pages: the policy and a `_headers` file.
pub fn pages_files(domain: &str, policy: &str) -> String {
    format!(
        "mkdir -p mta-sts-{domain}/.well-known && cd mta-sts-{domain}\n\
         cat > .well-known/mta-sts.txt <<'EOF'\n\
         {policy}EOF\n\
         cat > _headers <<'EOF'\n\
         # Served at https://mta-sts.{domain}/\n\
         /.well-known/mta-sts.txt\n  Content-Type: text/plain; charset=utf-8\n\
         EOF\n"
    )
}

/// A Cloudflare Worker answering the policy.
pub fn worker(domain: &str, policy: &str) -> String {
    // The policy holds only field names, digits and host names; escape anyway.
    let literal = policy
        .replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${");
    format!(
        "// Cloudflare Worker for mta-sts.{domain}: serves the MTA-STS policy, nothing else.\n\
         const POLICY = `{literal}`;\n\
         \n\
         export default {{\n\
         \x20 async fetch(request) {{\n\
         \x20   const url = new URL(request.url);\n\
         \x20   if (url.pathname === \"/.well-known/mta-sts.txt\") {{\n\
         \x20     return new Response(POLICY, {{\n\
         \x20       headers: {{ \"content-type\": \"text/plain; charset=utf-8\" }},\n\
         \x20     }});\n\
         \x20   }}\n\
         \x20   return new Response(\"Not found\\n\", {{ status: 404 }});\n\
         \x20 }},\n\
         }};\n"
    )
}

/// The policy file on a server of one's own.
pub fn server_file(domain: &str, policy: &str) -> String {
    format!(
        "# The policy of {domain}, for https://mta-sts.{domain}/\n\
         sudo mkdir -p /var/www/mta-sts/.well-known\n\
         sudo tee /var/www/mta-sts/.well-known/mta-sts.txt > /dev/null <<'EOF'\n\
         {policy}EOF\n"
    )
}

pub fn nginx(domain: &str) -> String {
    format!(
        "server {{\n\
         \x20   listen 443 ssl;\n\
         \x20   listen [::]:443 ssl;\n\
         \x20   server_name mta-sts.{domain};\n\
         \n\
         \x20   # A certificate valid for mta-sts.{domain}, such as one from Let's Encrypt.\n\
         \x20   ssl_certificate     /etc/letsencrypt/live/mta-sts.{domain}/fullchain.pem;\n\
         \x20   ssl_certificate_key /etc/letsencrypt/live/mta-sts.{domain}/privkey.pem;\n\
         \n\
         \x20   root /var/www/mta-sts;\n\
         \n\
         \x20   # The policy: status 200, text/plain, no redirect.\n\
         \x20   location = /.well-known/mta-sts.txt {{\n\
         \x20       types {{ }}\n\
         \x20       default_type text/plain;\n\
         \x20   }}\n\
         \n\
         \x20   location / {{\n\
         \x20       return 404;\n\
         \x20   }}\n\
         }}\n"
    )
}

pub fn apache(domain: &str) -> String {
    format!(
        "<VirtualHost *:443>\n\
         \x20   ServerName mta-sts.{domain}\n\
         \x20   DocumentRoot /var/www/mta-sts\n\
         \n\
         \x20   # A certificate valid for mta-sts.{domain}, such as one from Let's Encrypt.\n\
         \x20   SSLEngine on\n\
         \x20   SSLCertificateFile    /etc/letsencrypt/live/mta-sts.{domain}/fullchain.pem\n\
         \x20   SSLCertificateKeyFile /etc/letsencrypt/live/mta-sts.{domain}/privkey.pem\n\
         \n\
         \x20   <Directory \"/var/www/mta-sts\">\n\
         \x20       Require all granted\n\
         \x20       # No .htaccess: nothing may redirect or rewrite the policy.\n\
         \x20       AllowOverride None\n\
         \x20   </Directory>\n\
         \n\
         \x20   # The policy: status 200, text/plain.\n\
         \x20   <Location \"/.well-known/mta-sts.txt\">\n\
         \x20       ForceType text/plain\n\
         \x20   </Location>\n\
         </VirtualHost>\n"
    )
}

pub fn curl(domain: &str) -> String {
    format!("curl -si https://mta-sts.{domain}/.well-known/mta-sts.txt\n")
}
