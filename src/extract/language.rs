//! Language: normalises given language values to ISO 639-1 codes and detects the language of
//! articles that give none (whatlang, reliable answers only).

use crate::article::{Article, MetaField};
use crate::lexicon::languages;
use crate::lexicon::languages::normalize_language;

/// How much of the title and body is given to the detector.
const MAX_DETECTION_BYTES: usize = 600;

/// Fewer letters than this are too few to tell a language by.
const MIN_DETECTION_LETTERS: usize = 40;

/// The ISO 639-1 code of a whatlang language (all of whatlang's have one; else its 639-3 code).
fn code_of(language: whatlang::Lang) -> String {
    let iso_639_3 = language.code();
    languages::iso_639_1_of(iso_639_3).unwrap_or(iso_639_3).to_string()
}

/// The language of `text` by its first 600 bytes, when there are at least 40 letters, at least
/// twice as many letters as digits, and whatlang is sure.
pub fn detect_language(text: &str) -> Option<String> {
    let sample = crate::text::prefix_within(text, MAX_DETECTION_BYTES);
    let (letters, digits) = sample.chars().fold((0_usize, 0_usize), |(letters, digits), c| {
        (letters + usize::from(c.is_alphabetic()), digits + usize::from(c.is_ascii_digit()))
    });
    if letters < MIN_DETECTION_LETTERS {
        return None;
    }
    // Figures tables (`Shr 34 cts vs 1.19 dlrs`) have no language to tell, and cost the most.
    if digits * 2 > letters {
        return None;
    }
    if plainly_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample)?;
    let code = info.is_reliable().then(|| code_of(info.lang()))?;
    has_function_words(sample, &code).then_some(code)
}

/// Whether `sample` uses at least three function words of `code` (languages without a list pass).
fn has_function_words(sample: &str, code: &str) -> bool {
    // The lists (lexicon `function_words.txt`) answer why: wire earnings tables came out "reliably"
    // French, Catalan, Afrikaans or German (196 Reuters articles).
    let Some(words) = languages::function_words(code) else {
        return true;
    };
    let mut seen = 0;
    for word in words_of(sample) {
        if words.iter().any(|function_word| function_word.eq_ignore_ascii_case(word)) {
            seen += 1;
            if seen == 3 {
                return true;
            }
        }
    }
    false
}

/// The runs of letters of `sample`.
fn words_of(sample: &str) -> impl Iterator<Item = &str> {
    sample.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty())
}

/// What an English word (lowercased) counts for in [`plainly_english`]: whether it is one of the
/// function words other languages rarely write as words (`the and of to said that with was is
/// for from`), and which of the words that no other language whatlang knows writes it is, if any
/// (`of`, `is`, `was` are Dutch or German, `to` Polish, `for` Norwegian, `will` German, `are`
/// Romanian, `on` French, `at` Danish: none of those is one). A `match`, so that each word costs a
/// length switch and a compare or two, not a scan of two lists.
fn english_word(lowercase: &[u8]) -> (bool, Option<u8>) {
    match lowercase {
        b"the" => (true, Some(0)),
        b"and" => (true, Some(1)),
        b"said" => (true, Some(2)),
        b"that" => (true, Some(3)),
        b"with" => (true, Some(4)),
        b"from" => (true, Some(5)),
        b"of" | b"to" | b"was" | b"is" | b"for" => (true, None),
        b"which" => (false, Some(6)),
        b"would" => (false, Some(7)),
        b"this" => (false, Some(8)),
        b"have" => (false, Some(9)),
        b"has" => (false, Some(10)),
        b"were" => (false, Some(11)),
        b"its" => (false, Some(12)),
        b"been" => (false, Some(13)),
        b"it" => (false, Some(14)),
        b"but" => (false, Some(15)),
        b"not" => (false, Some(16)),
        b"than" => (false, Some(17)),
        b"more" => (false, Some(18)),
        b"after" => (false, Some(19)),
        b"about" => (false, Some(20)),
        b"their" => (false, Some(21)),
        b"they" => (false, Some(22)),
        b"year" => (false, Some(23)),
        b"new" => (false, Some(24)),
        b"who" => (false, Some(25)),
        b"one" => (false, Some(26)),
        b"there" => (false, Some(27)),
        _ => (false, None),
    }
}

/// The longest word [`english_word`] knows.
const LONGEST_ENGLISH_WORD: usize = 5;

/// A cheap first look that spares whatlang (~100 µs a call, most of extraction's time) on plain
/// English text. Either of:
/// - six English function words or more, one word in ten at least, `the` among them twice;
/// - short wire copy with few `the`s (`Xerox Corp said it sold a 102-acre site ... Other details
///   were not disclosed`): three different English-only words or more, one word in twenty at
///   least, and hardly any word with a letter outside ASCII (German, French, Spanish and
///   Scandinavian text has plenty).
fn plainly_english(sample: &str) -> bool {
    let mut words = 0_usize;
    let mut markers = 0_usize;
    let mut articles = 0_usize;
    let mut english_only = 0_usize;
    let mut english_only_seen = 0_u32;
    let mut non_ascii = 0_usize;
    for word in words_of(sample) {
        words += 1;
        if !word.is_ascii() {
            non_ascii += 1;
            continue;
        }
        if word.len() > LONGEST_ENGLISH_WORD {
            continue;
        }
        let mut lowercase = [0_u8; LONGEST_ENGLISH_WORD];
        for (to, from) in lowercase.iter_mut().zip(word.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        let (marker, only_english) = english_word(&lowercase[..word.len()]);
        if marker {
            markers += 1;
            articles += usize::from(only_english == Some(0));
        }
        if let Some(index) = only_english {
            english_only += 1;
            english_only_seen |= 1 << index;
        }
    }
    if words < 20 {
        return false;
    }
    let function_words = articles >= 2 && markers >= 6 && markers * 10 >= words;
    let english_only_words =
        english_only_seen.count_ones() >= 3 && english_only * 20 >= words && non_ascii * 20 <= words;
    function_words || english_only_words
}

/// Normalises a given language, or detects one from the title and body when none is given.
pub(crate) fn extract_language(article: &mut Article) {
    if let Some(given) = &article.language {
        if let Some(code) = normalize_language(given) {
            article.language = Some(code);
        }
        return;
    }
    // Detection reads the first MAX_DETECTION_BYTES only: copy no more of a long body.
    let body_start = crate::text::prefix_within(&article.body, MAX_DETECTION_BYTES);
    let text = match &article.title {
        Some(title) => format!("{title}\n\n{body_start}"),
        None => body_start.to_string(),
    };
    if let Some(code) = detect_language(&text) {
        article.language = Some(code);
        article.mark_extracted(MetaField::Language);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_detected(text: &str, expected: Option<&str>) {
        assert_eq!(detect_language(text).as_deref(), expected, "detecting {text:?}");
    }

    #[test]
    fn detect() {
        assert_detected(
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January.",
            Some("en"),
        );
        assert_detected(
            "Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les agriculteurs touchés par la sécheresse.",
            Some("fr"),
        );
        assert_detected(
            "Die Bundesregierung hat am Dienstag neue Maßnahmen angekündigt, um die von der Dürre betroffenen Landwirte zu unterstützen.",
            Some("de"),
        );
        assert_detected("Too short.", None);
        assert_detected(
            "The minister said on Tuesday that the government would support farmers hit by the drought, and that \
             aid was coming.",
            Some("en"),
        );
        assert_detected(
            "El ministro dijo el martes que the gobierno apoyará a los agricultores afectados por la sequía en the sur.",
            Some("es"),
        );
        assert_detected("1,234 5,678 9,012 ----", None);
        // Words between the figures are not prose: whatlang is sure both are French.
        assert_detected(
            "ACME TOOLS CORP YEAR NET\n\nShr loss four cts vs loss one ct  Net loss 413,000 vs loss 163,900  \
             Revs 600,900 vs 665,800",
            None,
        );
        assert_detected(
            "NORDWERK AG 1986 YEAR\n\nParent company net profit 12.8 mln marks vs 7.5 mln.  Orders received \
             2.21 billion marks vs 2.61 billion.  Sales 2.25 billion marks vs 2.49 billion.",
            None,
        );
        assert_detected("Shr 34 cts vs 1.19 dlrs Net 807,000 vs 2,858,000 Assets 510.2 mln vs 479.7 mln Loans 2", None);
    }

    /// Short wire copy with one `the` or none, which the function-word rule leaves to whatlang.
    const WIRE_COPY: &[&str] = &[
        "XEROX SELLS CONNECTICUT PROPERTY\n\nXerox Corp said it sold a 102-acre site in Greenwich, Conn., to a \
         limited partnership for 10.5 mln dlrs.\n\nOther details were not disclosed.\n\nThe purchaser was identified.",
        "AMERICAN CAN FILES 500 MLN DLR SHELF OFFER\n\nAmerican Can Co said it has filed a shelf registration \
         covering 500 mln dlrs of debt securities to be issued from time to time.\n\nIt said proceeds will be used \
         for general corporate purposes.",
        "COLOMBIA OPENS COFFEE REGISTRATIONS\n\nColombia has opened export registrations for November coffee \
         shipments, trade sources said. No further details were available but exporters expect more.",
    ];

    /// News text in languages that share words with English (`is`, `was`, `of`, `to`, `for`), some
    /// quoting English names: none of it is plainly English.
    const NOT_ENGLISH: &[&str] = &[
        "Het kabinet is van plan om de belasting op benzine te verhogen, zo meldt de krant. Volgens de minister \
         was het niet mogelijk om de begroting op een andere manier sluitend te krijgen. Of de Tweede Kamer \
         akkoord gaat, is nog niet duidelijk. The Economist schreef dat het plan de inflatie kan verhogen.",
        "Die Bundesbank hat am Donnerstag die Leitzinsen unverändert gelassen, was viele Beobachter erwartet hatten. \
         Der Präsident sagte, die Inflation sei weiterhin zu hoch. Laut The Wall Street Journal will die Regierung \
         noch in diesem Jahr neue Maßnahmen vorlegen, um die Wirtschaft zu stärken.",
        "Le gouvernement a présenté mardi un plan pour soutenir les agriculteurs touchés par la sécheresse. On \
         estime que les pertes dépassent deux milliards d'euros. Selon le Financial Times, la Commission \
         européenne doit examiner le dossier avant la fin du mois, et les syndicats restent prudents.",
        "El banco central decidió mantener los tipos de interés sin cambios, según informó el diario The New \
         York Times. El gobernador dijo que la inflación sigue siendo alta y que las exportaciones de café \
         cayeron un diez por ciento en el último trimestre del año pasado.",
        "Regjeringen har lagt fram et forslag om å øke skatten på bensin, melder avisen. For mange bilister \
         blir det dyrere å kjøre til jobben. Finansministeren sa at det ikke var mulig å balansere budsjettet \
         på en annen måte, og at forslaget er nødvendig for økonomien.",
        "Rząd przedstawił we wtorek plan pomocy dla rolników dotkniętych suszą. To jest największy program od \
         lat, powiedział minister rolnictwa. Według agencji Reuters straty mogą przekroczyć dwa miliardy \
         złotych, a eksport zboża spadnie o jedną piątą w tym roku.",
        "Il governo ha approvato giovedì un decreto per sostenere le imprese colpite dalla crisi energetica. Il \
         ministro ha detto che i fondi saranno disponibili entro la fine del mese. Secondo The Guardian, le \
         esportazioni di vino sono calate del dieci per cento nel primo trimestre.",
        "Regeringen föreslog på tisdagen att skatten på bensin ska höjas, rapporterar tidningen. Finansministern \
         sa att det inte var möjligt att balansera budgeten på ett annat sätt. Enligt The Financial Times \
         kan förslaget öka inflationen under nästa år, men oppositionen är kritisk.",
        "Pemerintah mengumumkan pada hari Selasa bahwa harga bahan bakar akan naik mulai bulan depan. Menteri \
         keuangan mengatakan bahwa subsidi tidak dapat dipertahankan lagi. Menurut The Jakarta Post, ekspor \
         kopi turun sepuluh persen pada kuartal pertama tahun ini.",
    ];

    #[test]
    fn short_wire_copy_is_plainly_english() {
        for text in WIRE_COPY {
            assert!(plainly_english(text), "not plainly English: {text:?}");
            assert_detected(text, Some("en"));
        }
    }

    #[test]
    fn other_languages_are_not_plainly_english() {
        for text in NOT_ENGLISH {
            assert!(!plainly_english(text), "taken for English: {text:?}");
            assert_ne!(detect_language(text).as_deref(), Some("en"), "detected as English: {text:?}");
        }
    }

    #[test]
    fn detection_cuts_at_a_char_boundary() {
        let text = format!("{}{}", "a".repeat(599), "é and more English words after the cut point here");
        let _ = detect_language(&text);
    }

    #[test]
    fn extract_marks_detected_language() {
        let mut article = Article {
            title: Some("BAHIA COCOA REVIEW".to_string()),
            body: "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.".to_string(),
            ..Article::default()
        };
        extract_language(&mut article);
        assert_eq!(article.language.as_deref(), Some("en"));
        assert!(article.is_extracted(MetaField::Language));
    }

    #[test]
    fn given_language_is_normalized_not_extracted() {
        let mut article = Article { language: Some("English".to_string()), ..Article::default() };
        extract_language(&mut article);
        assert_eq!(article.language.as_deref(), Some("en"));
        assert!(!article.is_extracted(MetaField::Language));
    }
}
