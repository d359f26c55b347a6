// Runs before the WebAssembly has arrived, on both pages (scripts/csp-boot.mjs puts it at the
// head of each page's start-up script, so it costs no request of its own). Issue 16: the
// static page paints at once; this shows a shared link's domain as being checked, connects to
// the hosts the check will ask, and keeps a submit made before the app has started. The app
// decides everything again itself: nothing here is trusted by it.
{
  const form = document.querySelector('form.check');
  const input = form && form.querySelector('input[name=domain]');
  // Only a plain host name is shown or connected to; anything else waits for the app's
  // validation (which may reject it). Lower case without a trailing dot, as the app writes it.
  const plain = (text) => {
    const name = text.trim().toLowerCase().replace(/\.$/, '');
    return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name) && name;
  };
  const preconnect = (origin) => {
    const link = document.createElement('link');
    link.rel = 'preconnect';
    link.href = origin;
    // The lookups are CORS requests without credentials: the same connection pool.
    link.crossOrigin = 'anonymous';
    document.head.append(link);
  };
  const show = (name) => {
    const early = document.querySelector('[data-early]');
    if (!early) return;
    for (const span of early.querySelectorAll('.domain')) span.textContent = name;
    early.hidden = false;
    for (const el of document.querySelectorAll('[data-early-hide]')) el.hidden = true;
  };
  // The resolver asked first (src/settings.rs keeps the choice under this key).
  let resolver = null;
  try {
    resolver = localStorage.getItem('mta-sts-checker.resolver');
  } catch {}
  const first = resolver === 'cloudflare' ? 'https://cloudflare-dns.com' : 'https://dns.google';
  preconnect(first);
  // The checker asks the other provider too, at once, for dns-consistency (src/check.rs).
  if (document.querySelector('form.check[data-compare]')) {
    preconnect(first === 'https://dns.google' ? 'https://cloudflare-dns.com' : 'https://dns.google');
  }
  const param = new URLSearchParams(location.search).get('domain');
  if (param && input && !input.value) input.value = param;
  const domain = param && plain(param);
  if (domain) {
    show(domain);
    // The checker fetches the policy from there (the assistant's page does too).
    preconnect(`https://mta-sts.${domain}`);
  }
  // A submit before the app has started: the checker's app picks it up (src/app.rs) rather
  // than the page reloading and the WebAssembly's download starting over. The assistant's
  // form is a plain GET of its page, which its app handles as any `?domain=` link.
  if (form && form.hasAttribute('data-early-submit')) {
    form.addEventListener('submit', (event) => {
      if (form.hasAttribute('data-app')) return;
      event.preventDefault();
      form.setAttribute('data-submitted', '');
      const typed = plain(input.value);
      if (typed) show(typed);
    });
  }
}
