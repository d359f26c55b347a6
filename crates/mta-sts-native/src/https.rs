//! One HTTP/1.1 exchange over a connection already made (TLS included), and reading a body
//! up to a cap: shared by the policy fetch and DNS-over-HTTPS.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::task::JoinHandle;

/// Aborts a task when dropped, however the owner ends.
pub struct AbortOnDrop(pub JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// An HTTP/1.1 client connection. The task driving it ends when this is dropped, so keep it
/// until the body has been read.
pub struct Connection {
    sender: SendRequest<Empty<Bytes>>,
    _driver: AbortOnDrop,
}

impl Connection {
    /// The HTTP/1.1 handshake on `io`; `max_buf` also bounds how much hyper buffers of a large
    /// body.
    pub async fn open<S>(io: S, max_buf: usize) -> Result<Connection, String>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let (sender, conn) = hyper::client::conn::http1::Builder::new()
            .max_buf_size(max_buf)
            .handshake::<_, Empty<Bytes>>(TokioIo::new(io))
            .await
            .map_err(|e| e.to_string())?;
        let driver = AbortOnDrop(tokio::spawn(async move {
            let _ = conn.await;
        }));
        Ok(Connection {
            sender,
            _driver: driver,
        })
    }

    pub async fn send(
        &mut self,
        request: Request<Empty<Bytes>>,
    ) -> Result<Response<Incoming>, String> {
        self.sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())
    }
}

/// Reads `body` up to `cap` bytes: what was read, and whether data went on past the cap. Stops
/// reading at the cap, so a huge body costs no more than `cap`.
pub async fn read_capped(mut body: Incoming, cap: usize) -> Result<(Vec<u8>, bool), String> {
    let mut read: Vec<u8> = Vec::new();
    let mut cut = false;
    while read.len() < cap {
        let Some(frame) = body.frame().await else {
            break;
        };
        let frame = frame.map_err(|e| format!("reading the body: {e}"))?;
        if let Ok(data) = frame.into_data() {
            let room = cap - read.len();
            if data.len() > room {
                cut = true;
            }
            read.extend_from_slice(data.get(..room.min(data.len())).unwrap_or(&data));
        }
    }
    Ok((read, cut))
}
