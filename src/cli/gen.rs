//! `newsdex gen`: learn a model from a corpus folder, write synthetic articles (and a query log) as
//! JSON Lines, with progress on stderr.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use newsdex::r#gen::{self, Model, ModelBuilder};
use newsdex::read;

#[derive(Debug, Args)]
pub struct GenArgs {
    /// Number of articles to write
    #[arg(long)]
    pub articles: u64,
    /// JSON Lines file to write the articles to
    #[arg(long)]
    pub out: PathBuf,
    /// Seed: the same seed and corpus give the same articles
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Corpus folder (or file) to learn word and tag statistics from
    #[arg(long, default_value = "../shared/corpora/reuters21578")]
    pub from: PathBuf,
    /// Also write a 1000-query log (same kinds and proportions as the shared Reuters log)
    #[arg(long)]
    pub queries: Option<PathBuf>,
}

pub fn run(args: &GenArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let model = learn(&args.from)?;
    eprintln!(
        "learned {} articles, {} words from {} in {:.1} s",
        model.articles_learned(),
        model.vocabulary_size(),
        args.from.display(),
        started.elapsed().as_secs_f64()
    );
    if model.articles_learned() == 0 {
        return Err(super::usage(format!(
            "no articles found in {}; give a corpus folder with --from",
            args.from.display()
        )));
    }
    write_articles(&model, args)?;
    if let Some(path) = &args.queries {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::new(file);
        let mut result = Ok(());
        r#gen::generate_queries(&model, args.seed, |query| {
            if result.is_ok() {
                result = serde_json::to_writer(&mut out, query)
                    .map_err(anyhow::Error::from)
                    .and_then(|()| Ok(out.write_all(b"\n")?));
            }
        });
        result.and_then(|()| Ok(out.flush()?)).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote 1000 queries to {}", path.display());
    }
    Ok(())
}

/// Reads every article under `from` with newsdex's readers (files in name order, for determinism).
fn learn(from: &Path) -> anyhow::Result<Model> {
    if !from.exists() {
        return Err(super::usage(format!("{} does not exist; give a corpus folder with --from", from.display())));
    }
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && read::format_of(entry.path()).is_some())
        .map(|entry| entry.into_path())
        .collect();
    paths.sort();
    let mut builder = ModelBuilder::new();
    for path in &paths {
        match read::read_path(path) {
            Ok(file_read) => file_read.articles.iter().for_each(|article| builder.add(article)),
            Err(skipped) => eprintln!("skipped {}: {}", skipped.path.display(), skipped.reason),
        }
    }
    Ok(builder.build())
}

fn write_articles(model: &Model, args: &GenArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let file = File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut result: anyhow::Result<()> = Ok(());
    let mut written: u64 = 0;
    let mut bytes: u64 = 0;
    let mut line = Vec::with_capacity(1 << 14);
    let step = (args.articles / 10).clamp(1, 100_000);
    r#gen::generate(model, args.articles, args.seed, |article| {
        if result.is_err() {
            return;
        }
        line.clear();
        if let Err(error) = serde_json::to_writer(&mut line, article) {
            return result = Err(error.into());
        }
        line.push(b'\n');
        bytes += line.len() as u64;
        if let Err(error) = out.write_all(&line) {
            return result = Err(error.into());
        }
        written += 1;
        if written.is_multiple_of(step) {
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "{written} articles, {:.0} MB, {:.0} articles/s",
                bytes as f64 / 1e6,
                written as f64 / seconds.max(1e-9)
            );
        }
    });
    result.and_then(|()| Ok(out.flush()?)).with_context(|| format!("cannot write {}", args.out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "wrote {written} articles ({:.0} MB) to {} in {seconds:.1} s ({:.0} articles/s)",
        bytes as f64 / 1e6,
        args.out.display(),
        written as f64 / seconds.max(1e-9)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: GenArgs,
    }

    #[test]
    fn gen_args_parse_with_defaults() {
        let wrapper =
            Wrapper::try_parse_from(["gen", "--articles", "20000", "--out", "a.jsonl", "--queries", "q.jsonl"])
                .expect("valid arguments");
        assert_eq!(wrapper.args.articles, 20_000);
        assert_eq!(wrapper.args.out, PathBuf::from("a.jsonl"));
        assert_eq!(wrapper.args.seed, 1);
        assert_eq!(wrapper.args.from, PathBuf::from("../shared/corpora/reuters21578"));
        assert_eq!(wrapper.args.queries, Some(PathBuf::from("q.jsonl")));
    }

    #[test]
    fn gen_args_require_a_count_and_an_output() {
        assert!(Wrapper::try_parse_from(["gen", "--out", "a.jsonl"]).is_err());
        assert!(Wrapper::try_parse_from(["gen", "--articles", "5"]).is_err());
    }
}
