//! Certificate facts: a verifier that records the chain a server presents and what the public
//! roots make of it, then either enforces that verdict (the policy fetch, RFC 8461 §3.3) or
//! lets the handshake go on so that the TLS version can be seen (the MX probe); and the facts
//! read from the end-entity certificate.

use mta_sts::relay::CertificateFacts;
use mta_sts::tlsa::hex;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::{Arc, Mutex};
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};

/// The chain a server presented and the verifier's word on it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub chain: Vec<CertificateDer<'static>>,
    /// `None` when the chain verified for the name.
    pub error: Option<String>,
}

/// Records, then delegates to the WebPKI verifier. With `enforce`, a chain that does not verify
/// ends the handshake; without it the handshake goes on (signatures are still checked).
#[derive(Debug)]
pub struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    enforce: bool,
    seen: Mutex<Option<Seen>>,
}

impl Recording {
    /// What the server presented, once the handshake got that far.
    pub fn seen(&self) -> Option<Seen> {
        self.seen.lock().ok().and_then(|s| s.clone())
    }
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Seen {
                chain,
                error: verdict.as_ref().err().map(ToString::to_string),
            });
        }
        match verdict {
            Err(e) if self.enforce => Err(e),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Builds TLS client configurations against one root store, each with its own recorder.
#[derive(Debug, Clone)]
pub struct Tls {
    provider: Arc<CryptoProvider>,
    verifier: Arc<WebPkiServerVerifier>,
}

impl Tls {
    pub fn new(roots: Arc<RootCertStore>) -> Result<Tls, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Tls { provider, verifier })
    }

    /// The public roots of the Mozilla program (webpki-roots), as browsers trust them.
    pub fn public_roots() -> Arc<RootCertStore> {
        Arc::new(RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        })
    }

    /// The public roots and the CA certificates of a PEM file (an internal CA the command line
    /// is told to trust).
    pub fn public_roots_and(pem: &[u8]) -> Result<RootCertStore, String> {
        use rustls::pki_types::pem::PemObject;
        let mut store = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| format!("not a PEM certificate: {e}"))?;
            store
                .add(cert)
                .map_err(|e| format!("not a CA certificate: {e}"))?;
            added += 1;
        }
        if added == 0 {
            return Err("no certificate (-----BEGIN CERTIFICATE-----) in it".into());
        }
        Ok(store)
    }

    /// A client configuration for one connection, and the recorder it reports to. TLS 1.2
    /// and 1.3 only: that is what rustls speaks, and what RFC 8461 §7.2 asks for.
    pub fn client(
        &self,
        enforce: bool,
        alpn_http1: bool,
    ) -> Result<(Arc<ClientConfig>, Arc<Recording>), String> {
        let recording = Arc::new(Recording {
            inner: self.verifier.clone(),
            enforce,
            seen: Mutex::new(None),
        });
        let mut config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(recording.clone())
            .with_no_client_auth();
        if alpn_http1 {
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
        }
        Ok((Arc::new(config), recording))
    }
}

/// The facts of the end-entity certificate of `seen`, judged for `name` (the SNI sent).
/// `None` when the chain is empty or the certificate cannot be read.
pub fn facts(seen: &Seen, name: &str) -> Option<CertificateFacts> {
    let der = seen.chain.first()?;
    let (_, cert) = X509Certificate::from_der(der.as_ref()).ok()?;
    let mut dns_names = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for general in &san.value.general_names {
            if let GeneralName::DNSName(dns) = general {
                dns_names.push((*dns).to_owned());
            }
        }
    }
    // RFC 6125 as MTA-STS applies it: only dNSName counts, and a wildcard covers exactly one
    // whole left-most label; the same rule as `mx` patterns.
    let valid_for_name = dns_names.iter().any(|dns| mta_sts::mx::matches(dns, name));
    let validity = cert.validity();
    let not_before_unix = validity.not_before.timestamp();
    let not_after_unix = validity.not_after.timestamp();
    Some(CertificateFacts {
        name: name.to_owned(),
        subject: cert.subject().to_string(),
        dns_names,
        issuer: cert.issuer().to_string(),
        not_before: rfc3339(not_before_unix),
        not_before_unix,
        not_after: rfc3339(not_after_unix),
        not_after_unix,
        verified: seen.error.is_none(),
        verify_error: seen.error.clone(),
        valid_for_name,
        chain_length: seen.chain.len(),
        cert_sha256: seen.chain.iter().map(|c| sha256_hex(c.as_ref())).collect(),
        spki_sha256: seen.chain.iter().map(|c| spki_sha256(c.as_ref())).collect(),
    })
}

/// The SHA-256 of a certificate's SubjectPublicKeyInfo (DER), as a TLSA record with selector 1
/// and matching type 1 names it (RFC 6698 §2.1.2, §2.1.3); empty when the certificate cannot
/// be read as X.509.
pub fn spki_sha256(der: &[u8]) -> String {
    X509Certificate::from_der(der)
        .map(|(_, cert)| sha256_hex(cert.tbs_certificate.subject_pki.raw))
        .unwrap_or_default()
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

/// Unix seconds as an RFC 3339 UTC time, `2025-06-01T00:00:00Z`.
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = mta_sts::setup::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_answers() {
        for (unix, want) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_748_736_000, "2025-06-01T00:00:00Z"),
            (1_709_251_199, "2024-02-29T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
        ] {
            assert_eq!(rfc3339(unix), want, "{unix}");
        }
        // Absurd input gives some text, not a panic.
        let _ = rfc3339(i64::MAX);
        let _ = rfc3339(i64::MIN);
    }
}
