//! DNS-over-HTTPS JSON answers (Google, Cloudflare): URLs and decoding.
//! OWNER: helper "pipeline".
