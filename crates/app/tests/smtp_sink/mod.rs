//! A real SMTP server for tests: a tokio task on 127.0.0.1 (a port of its
//! own) speaking enough SMTP for a client to deliver (EHLO/HELO, MAIL FROM,
//! RCPT TO, DATA, RSET, NOOP, QUIT), keeping every message it accepts. It can
//! be told to refuse messages (451 after DATA), as a mail server that is
//! having a bad day would.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A message as it arrived: the envelope and the text after DATA.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The message's subject (decoded).
    pub fn subject(&self) -> String {
        let m = mail_parser::MessageParser::default().parse(self.data.as_bytes()).expect("a message that parses");
        m.subject().unwrap_or_default().to_string()
    }
    /// The plain-text body (decoded from whatever transfer encoding was used).
    pub fn text(&self) -> String {
        let m = mail_parser::MessageParser::default().parse(self.data.as_bytes()).expect("a message that parses");
        m.body_text(0).unwrap_or_default().replace("\r\n", "\n")
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    refused: Mutex<usize>,
    refuse: AtomicBool,
    arrived: tokio::sync::Notify,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the SMTP sink");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let for_task = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = for_task.clone();
                tokio::spawn(async move {
                    let _ = session(stream, &shared).await;
                });
            }
        });
        SmtpSink { addr, shared, task }
    }

    /// `smtp://127.0.0.1:PORT`, for OUTTURN_SMTP_URL.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Every message accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until `n` messages have arrived; panics after `limit` (a test
    /// that fails, not one that waits for a time to pass).
    pub async fn wait_for(&self, n: usize, limit: std::time::Duration) {
        let arrived = async {
            loop {
                let notified = self.shared.arrived.notified();
                if self.received().len() >= n {
                    return;
                }
                notified.await;
            }
        };
        if tokio::time::timeout(limit, arrived).await.is_err() {
            panic!("{n} messages did not arrive within {limit:?}: {} did", self.received().len());
        }
    }

    /// How many messages were refused.
    pub fn refused(&self) -> usize {
        *self.shared.refused.lock().unwrap()
    }

    /// From now on, refuse (451) or accept each message.
    pub fn refuse(&self, refuse: bool) {
        self.shared.refuse.store(refuse, Ordering::SeqCst);
    }
}

async fn session(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
            "HELO" => b"250 sink.test\r\n",
            "MAIL" => {
                from = address(&command);
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                to.push(address(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Undo dot-stuffing.
                    data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
                }
                if shared.refuse.load(Ordering::SeqCst) {
                    *shared.refused.lock().unwrap() += 1;
                    b"451 4.3.0 Mailbox busy, try again later\r\n"
                } else {
                    let message = Received { from: from.clone(), to: to.clone(), data };
                    shared.received.lock().unwrap().push(message);
                    shared.arrived.notify_waiters();
                    b"250 OK: queued\r\n"
                }
            }
            "RSET" => {
                from.clear();
                to.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// The address in `MAIL FROM:<a@b>` or `RCPT TO:<a@b>`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command.find('>').unwrap_or(command.len());
    command[start..end].to_string()
}
