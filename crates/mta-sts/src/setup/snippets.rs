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

/// The DNS record pointing the policy host at GitHub Pages.
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

/// An nginx server block for the policy host, serving the policy [`server_file`] writes.
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

/// An Apache virtual host for the policy host, serving the policy [`server_file`] writes.
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

/// The command that shows the policy as senders fetch it, status line and headers included.
pub fn curl(domain: &str) -> String {
    format!("curl -si https://mta-sts.{domain}/.well-known/mta-sts.txt\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAIN: &str = "example.com";
    const POLICY: &str =
        "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.mx.example.net\nmax_age: 604800\n";
    /// Where the server snippets put the policy, and what nginx and Apache serve.
    const ROOT: &str = "/var/www/mta-sts";

    /// Fails unless `text` holds every one of `parts`.
    fn assert_holds(text: &str, parts: &[&str]) {
        for part in parts {
            assert!(text.contains(part), "{part:?} missing:\n{text}");
        }
    }

    /// The body of each here-document (`<<'EOF'` up to the line `EOF`), in order.
    fn heredocs(script: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = script;
        while let Some(start) = rest.find("<<'EOF'\n") {
            let body = &rest[start + "<<'EOF'\n".len()..];
            let end = body.find("\nEOF\n").expect("the here-document ends") + 1;
            out.push(body[..end].to_owned());
            rest = &body[end..];
        }
        out
    }

    /// The text of the first JavaScript template literal after `start`, escapes undone.
    fn template_literal(js: &str, start: &str) -> String {
        let from = js.find(start).expect("the literal") + start.len();
        let mut chars = js[from..].chars();
        let mut out = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().expect("an escaped character")),
                '`' => return out,
                c => out.push(c),
            }
        }
        panic!("the literal is not closed: {js}");
    }

    #[test]
    fn github_pages_files_hold_the_policy_verbatim_and_name_the_policy_host() {
        let sh = github_files(DOMAIN, POLICY);
        assert_eq!(heredocs(&sh), [POLICY]);
        assert_holds(
            &sh,
            &[
                "cat > .well-known/mta-sts.txt <<'EOF'\n",
                "echo 'mta-sts.example.com' > CNAME\n",
                // Without .nojekyll, Jekyll leaves out the .well-known folder.
                "touch .nojekyll\n",
                "git add .well-known/mta-sts.txt CNAME .nojekyll\n",
                "'MTA-STS policy for example.com'",
            ],
        );
        assert_eq!(
            github_dns(DOMAIN),
            "mta-sts.example.com. 3600 IN CNAME <user>.github.io.\n"
        );
    }

    #[test]
    fn cloudflare_pages_files_set_the_content_type_of_the_policy() {
        let sh = pages_files(DOMAIN, POLICY);
        assert!(
            sh.starts_with("mkdir -p mta-sts-example.com/.well-known && cd mta-sts-example.com\n"),
            "{sh}"
        );
        let docs = heredocs(&sh);
        assert_eq!(docs.len(), 2, "{sh}");
        assert_eq!(docs[0], POLICY);
        assert_holds(
            &sh,
            &[
                "cat > .well-known/mta-sts.txt <<'EOF'\n",
                "cat > _headers <<'EOF'\n",
            ],
        );
        assert_eq!(
            docs[1],
            "# Served at https://mta-sts.example.com/\n\
             /.well-known/mta-sts.txt\n  Content-Type: text/plain; charset=utf-8\n"
        );
    }

    #[test]
    fn the_worker_serves_the_policy_as_text_and_nothing_else() {
        let js = worker(DOMAIN, POLICY);
        assert!(
            js.starts_with("// Cloudflare Worker for mta-sts.example.com:"),
            "{js}"
        );
        assert_eq!(template_literal(&js, "const POLICY = `"), POLICY);
        assert_holds(
            &js,
            &[
                "if (url.pathname === \"/.well-known/mta-sts.txt\") {",
                "return new Response(POLICY, {\n        headers: { \"content-type\": \"text/plain; charset=utf-8\" },",
                "return new Response(\"Not found\\n\", { status: 404 });",
            ],
        );
    }

    #[test]
    fn the_worker_escapes_what_would_end_or_interpolate_its_literal() {
        let hostile = "version: STSv1\nmode: `x` \\ ${alert(1)} $ {\nmax_age: 1\n";
        let js = worker(DOMAIN, hostile);
        assert_eq!(template_literal(&js, "const POLICY = `"), hostile);
        assert!(!js.contains("`x`"), "{js}");
        assert!(!js.contains(" ${alert"), "{js}");
    }

    #[test]
    fn the_server_file_is_where_nginx_and_apache_serve_it_from() {
        let sh = server_file(DOMAIN, POLICY);
        assert!(
            sh.starts_with("# The policy of example.com, for https://mta-sts.example.com/\n"),
            "{sh}"
        );
        assert_eq!(heredocs(&sh), [POLICY]);
        assert!(
            sh.contains(&format!(
                "sudo tee {ROOT}/.well-known/mta-sts.txt > /dev/null <<'EOF'\n"
            )),
            "{sh}"
        );
        assert!(
            nginx(DOMAIN).contains(&format!("    root {ROOT};\n")),
            "{}",
            nginx(DOMAIN)
        );
        assert!(
            apache(DOMAIN).contains(&format!("    DocumentRoot {ROOT}\n")),
            "{}",
            apache(DOMAIN)
        );
    }

    #[test]
    fn nginx_serves_the_policy_host_over_https_as_text() {
        let conf = nginx(DOMAIN);
        assert_holds(
            &conf,
            &[
                "    listen 443 ssl;\n",
                "    listen [::]:443 ssl;\n",
                "    server_name mta-sts.example.com;\n",
                "    ssl_certificate     /etc/letsencrypt/live/mta-sts.example.com/fullchain.pem;\n",
                "    ssl_certificate_key /etc/letsencrypt/live/mta-sts.example.com/privkey.pem;\n",
                "    location = /.well-known/mta-sts.txt {\n        types { }\n        default_type text/plain;\n    }\n",
                "    location / {\n        return 404;\n    }\n",
            ],
        );
        // RFC 8461 §3.3: senders do not follow redirects.
        assert!(!conf.contains("return 30"), "{conf}");
        assert_eq!(conf.matches('{').count(), conf.matches('}').count());
    }

    #[test]
    fn apache_serves_the_policy_host_over_https_as_text() {
        let conf = apache(DOMAIN);
        assert!(conf.starts_with("<VirtualHost *:443>\n"), "{conf}");
        assert!(conf.ends_with("</VirtualHost>\n"), "{conf}");
        assert_holds(
            &conf,
            &[
                "    ServerName mta-sts.example.com\n",
                "    SSLEngine on\n",
                "    SSLCertificateFile    /etc/letsencrypt/live/mta-sts.example.com/fullchain.pem\n",
                "    SSLCertificateKeyFile /etc/letsencrypt/live/mta-sts.example.com/privkey.pem\n",
                "        AllowOverride None\n",
                "    <Location \"/.well-known/mta-sts.txt\">\n        ForceType text/plain\n    </Location>\n",
            ],
        );
        assert!(!conf.contains("Redirect"), "{conf}");
    }

    #[test]
    fn curl_fetches_the_policy_url_with_headers() {
        assert_eq!(
            curl(DOMAIN),
            "curl -si https://mta-sts.example.com/.well-known/mta-sts.txt\n"
        );
        assert!(curl(DOMAIN).contains(&crate::lookup::policy_url(DOMAIN)));
    }

    #[test]
    fn every_snippet_names_the_domain_given_and_no_other() {
        let domain = "mail.example.org";
        const POLICY: &str = "version: STSv1\nmode: none\nmax_age: 86400\n";
        let all = [
            github_files(domain, POLICY),
            github_dns(domain),
            pages_files(domain, POLICY),
            worker(domain, POLICY),
            server_file(domain, POLICY),
            nginx(domain),
            apache(domain),
            curl(domain),
        ];
        for text in all {
            assert!(text.contains("mta-sts.mail.example.org"), "{text}");
            assert!(!text.contains("example.com"), "{text}");
        }
    }
}
