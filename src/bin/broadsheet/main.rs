//! `broadsheet`: the core on the command line, for batch work and evaluations.
//!
//! ```text
//! broadsheet clean [FILE|-] [--url URL] [--format json|html|text|markdown] [--rules FILE]
//!                  [--summary-length short|medium|long] [--markdown] [--lede-limit]
//! broadsheet eval CORPUS_DIR [--out DIR]
//! ```
//! JSON has `markdown: null` unless `--markdown` asks for it (`--format markdown` always makes
//! it), as the library and the wasm package do.
//! Exit codes: 0 success, 1 no article found, 2 bad usage or unreadable input.

mod eval;

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  broadsheet clean [FILE|-] [--url URL] [--format json|html|text|markdown] [--rules FILE]
                   [--summary-length short|medium|long] [--markdown] [--lede-limit]
                   (--markdown: include the Markdown in the JSON;
                    --lede-limit: at most one key point from the first paragraph, as the reader)
  broadsheet eval CORPUS_DIR [--out DIR]
  broadsheet --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("clean") => clean(&args[1..]),
        Some("eval") => eval::run(&args[1..]),
        Some("--version" | "-V") => {
            println!("broadsheet {}", broadsheet::version());
            ExitCode::SUCCESS
        }
        Some("--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage("expected a command"),
    }
}

/// Prints `msg` and the usage to stderr; exit code 2.
pub(crate) fn usage(msg: &str) -> ExitCode {
    eprintln!("broadsheet: {msg}\n{USAGE}");
    ExitCode::from(2)
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Html,
    Text,
    Markdown,
}

fn clean(args: &[String]) -> ExitCode {
    let mut file: Option<&str> = None;
    let mut url: Option<&str> = None;
    let mut rules: Option<&str> = None;
    let mut format = Format::Json;
    let mut summary_length = broadsheet::SummaryLength::default();
    let mut markdown = false;
    let mut lede_limit = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i).map(String::as_str)
        };
        match a {
            "--url" => match value() {
                Some(v) => url = Some(v),
                None => return usage("--url needs a value"),
            },
            "--rules" => match value() {
                Some(v) => rules = Some(v),
                None => return usage("--rules needs a file"),
            },
            "--summary-length" => {
                summary_length = match value() {
                    Some("short") => broadsheet::SummaryLength::Short,
                    Some("medium") => broadsheet::SummaryLength::Medium,
                    Some("long") => broadsheet::SummaryLength::Long,
                    _ => return usage("--summary-length is one of short, medium, long"),
                }
            }
            "--markdown" => markdown = true,
            "--lede-limit" => lede_limit = true,
            "--format" => {
                format = match value() {
                    Some("json") => Format::Json,
                    Some("html") => Format::Html,
                    Some("text") => Format::Text,
                    Some("markdown" | "md") => Format::Markdown,
                    _ => return usage("--format is one of json, html, text, markdown"),
                }
            }
            _ if a.starts_with("--") => return usage(&format!("unknown option {a}")),
            _ if file.is_none() => file = Some(a),
            _ => return usage("more than one input file"),
        }
        i += 1;
    }

    let mut options = broadsheet::Options::new()
        .with_summary_length(summary_length)
        .with_markdown(markdown || format == Format::Markdown)
        .with_lede_limit(lede_limit);
    if let Some(u) = url {
        options = match options.with_url(u) {
            Ok(o) => o,
            Err(e) => return usage(&e.to_string()),
        };
    }
    if let Some(path) = rules {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return usage(&format!("cannot read rules {path}: {e}")),
        };
        options = match options.with_rules(&text) {
            Ok(o) => o,
            Err(e) => return usage(&format!("{path}: {e}")),
        };
    }
    let path = file.unwrap_or("-");
    let cleaned = if path == "-" {
        read_input(path).map(|input| broadsheet::clean(&input, &options))
    } else {
        clean_file(path, &options)
    };
    let cleaned = match cleaned {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let article = match cleaned {
        Ok(a) => a,
        Err(broadsheet::Error::NoArticle) => {
            eprintln!("broadsheet: {}", broadsheet::Error::NoArticle);
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("broadsheet: {e}");
            return ExitCode::from(2);
        }
    };
    // JSON streams out rather than being built whole first: a big page's peak memory is then
    // the article, not the article three times.
    let readerable = article.readerable;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut stdout, &article)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(stdout)),
        Format::Html => writeln!(stdout, "{}", article.content_html),
        Format::Text => writeln!(stdout, "{}", article.text),
        Format::Markdown => writeln!(stdout, "{}", article.markdown.unwrap_or_default()),
    };
    if let Err(e) = written.and_then(|()| stdout.flush()) {
        eprintln!("broadsheet: {e}");
        return ExitCode::from(2);
    }
    if !readerable {
        eprintln!("broadsheet: no article found: the page does not look like an article (output is the page's best guess)");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Cleans the file at `path`, streaming it to a [`broadsheet::Cleaner`] told its size (the same
/// result as [`broadsheet::clean`] on its bytes): the page is never held whole, which on a
/// big page was its size again in peak memory. `Err` is a read error.
fn clean_file(
    path: &str,
    options: &broadsheet::Options,
) -> Result<Result<broadsheet::Article, broadsheet::Error>, String> {
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let len = f
        .metadata()
        .map_err(|e| format!("cannot read {path}: {e}"))?
        .len();
    let mut c = match broadsheet::Cleaner::with_input_len(options, len as usize) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {path}: {e}")),
        };
        if let Err(e) = c.write(&buf[..n]) {
            return Ok(Err(e));
        }
    }
    Ok(c.finish())
}

fn read_input(path: &str) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        buf = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    Ok(buf)
}
