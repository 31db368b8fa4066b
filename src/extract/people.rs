//! People named in an article: `Defence Minister Rajnath Singh` → "Rajnath Singh", `Mr. Volcker`
//! → "Volcker", `…, Singh said` → "Singh", merged into "Rajnath Singh" when the full name is there.
//!
//! One pass over the words ([`super::words`]) classifies each with the word classes of
//! [`crate::lexicon::names`] (titles, common words, organization and company words, places, given
//! names, surnames, particles); runs of capitalised words (with particles: `Jan van der Berg`,
//! `Ali al-Sistani`) then become a person on one piece of evidence, tried in this order:
//!
//! 1. a title or role right before the name (`President`, `Mr`, `union leader`);
//! 2. a known given name opening it — one that is also a word or a place (`Sydney`, `Will`,
//!    `April`) only before a surname that is a name (`Sydney Brown`);
//! 3. a speech verb beside it (`Singh said`, `said Singh.`, `according to Singh`);
//! 4. an apposition that describes a person (`Chukwuemeka Obi, the finance minister,`,
//!    `Sefa Tuilagi, 45,`, `its chief executive, Priya Raman,`);
//! 5. a list with a person just found (`Will Carter and Georgia Whitfield`);
//! 6. a country's possessive or a nationality right before a name of two or three words that are
//!    no common, place, organization or title words (`Kenya's Faith Chebet`, `Ugandan Victor
//!    Kiplangat`, `China's Wang Yi`), as sports and international news introduce people.
//!
//! Then the whole article is the judge: a name that any mention writes as a company, a product or
//! a vehicle (`Douglas Aircraft`, `Boeing 737`, `Airbus shares`, `Ryanair's profit`, `Hecla said
//! it`, `carmaker Tesla`, `Tesla, the carmaker,`) is no person anywhere ([`is_thing`]), and
//! [`drop_non_persons`] removes names the article's organizations or places hold. A surname alone
//! merges into the full name the article gives (`Sistani` → "Ali al-Sistani").

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;

use super::words::{self, Gap, Word, classify_gap};
use crate::lexicon::names::{
    AMBIGUOUS_GIVEN, APPOSITION_NOUN, ATTRIBUTION, BUSINESS_NOUN, COMMON, COMPANY_NOUN, Classes, DETERMINER,
    FIRST_NAME, FastHash, NAME_SUFFIX, ORG, PARTICLE, PLACE, PLACE_PREFIX, ROLE, SURNAME, THING, TITLE, VEHICLE_NOUN,
    classes_of_lowercase, classify, is_initial,
};
use crate::lexicon::places::{Kind, country_or_demonym, written_forms};

/// The most words a name may have, particles not counted (`Karl Otto Poehl`, `Javier Perez de
/// Cuellar`).
const MAX_NAME_WORDS: usize = 4;

/// The most words a bracket right after a name may hold to be skipped (`Kalin Georgiev (Калин
/// Георгиев), a campaigner`, `John Smith (R-Texas) said`).
const MAX_BRACKET_WORDS: usize = 6;

/// How a name was found: the first rule, in the order the module documents, that holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// A title or role right before it (`Minister`, `Mr`, `union leader`).
    Title,
    /// It opens with a known given name (`Paul`, or `Sydney` before a surname).
    FirstName,
    /// A speech verb beside it (`said`, `told`).
    Attribution,
    /// An apposition that describes a person (`…, an economist`, `…, 67,`, `…, who`).
    Apposition,
    /// A given name, even one that is also a word or a place, listed right after a person
    /// (`Will Carter and Georgia Whitfield`).
    Listed,
    /// A country's possessive or a nationality right before it (`Kenya's Faith Chebet`,
    /// `Ugandan Victor Kiplangat`).
    Nationality,
}

/// One name the rules found in a text, and whether the whole text unmakes it as a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The name as the text writes it (the fullest form, once merged).
    pub name: String,
    /// Which rule found it.
    pub evidence: Evidence,
    /// Some mention writes it as a company, a product or a vehicle: not a person.
    pub thing: bool,
}

/// Fills `article.people` from the title and body when the file gave none; names the article's
/// organizations or places hold are no people (so orgs and places run first).
pub(crate) fn extract_people(article: &mut crate::article::Article) {
    if !article.people.is_empty() {
        return;
    }
    let mut found = people_in_article(article.title.as_deref(), &article.body);
    drop_non_people(&mut found, &article.orgs, &article.places);
    if !found.is_empty() {
        article.people = found;
        article.mark_extracted(crate::article::MetaField::People);
    }
}

/// The people a headline and body name: one text, so that a mention in either judges the other.
pub fn people_in_article(title: Option<&str>, body: &str) -> Vec<String> {
    match title {
        Some(title) if !title.trim().is_empty() => people(&format!("{title}\n\n{body}")),
        _ => people(body),
    }
}

/// Everything the article's other findings rule out as people, in the order extraction applies
/// it: names its organizations or places hold ([`drop_non_persons`]), names that open with one of
/// its organizations ([`drop_company_led`]), and a one-word name that is how the text writes one of
/// its places (`Britain` said, for the United Kingdom; `Kampuchea` for Cambodia).
pub fn drop_non_people(people: &mut Vec<String>, orgs: &[String], places: &[String]) {
    drop_non_persons(people, orgs);
    drop_company_led(people, orgs);
    drop_non_persons(people, places);
    people.retain(|person| {
        person.contains(' ')
            || !places
                .iter()
                .any(|place| written_forms(place).is_some_and(|forms| forms.one_word.iter().any(|form| form == person)))
    });
}

/// What follows `start` in `name` when `name` opens with it as whole words, ignoring case
/// (`Boeing Co` opens with `Boeing`: ` Co`).
fn after_opening<'a>(name: &'a str, start: &str) -> Option<&'a str> {
    let rest = name.get(start.len()..)?;
    (name[..start.len()].eq_ignore_ascii_case(start) && rest.starts_with(' ')).then_some(rest)
}

/// Removes each person whose name is one of `non_persons` (organizations, companies, places the
/// article names), or starts one (`Boeing` of `Boeing Co`), ignoring case.
pub fn drop_non_persons(people: &mut Vec<String>, non_persons: &[String]) {
    if non_persons.is_empty() {
        return;
    }
    people.retain(|person| {
        !non_persons.iter().any(|other| other.eq_ignore_ascii_case(person) || after_opening(other, person).is_some())
    });
}

/// Removes each person whose name opens with one of `orgs` as whole words (`Gazprom Neft` in an
/// article that names Gazprom): a company's unit or subsidiary, not a person. Places are not
/// used so (`Sydney Brown` and `Georgia Whitfield` stay people beside Sydney and Georgia), nor is
/// a generation's suffix (`Robert Halmi Jr` beside Robert Halmi Inc).
pub fn drop_company_led(people: &mut Vec<String>, orgs: &[String]) {
    let mut buffer = String::new();
    people.retain(|person| {
        !orgs.iter().any(|org| {
            after_opening(person, org).is_some_and(|rest| classify(rest.trim(), &mut buffer) & NAME_SUFFIX == 0)
        })
    });
}

/// The people named in `text`, by display name, in order of first mention; surname-only mentions
/// are merged into the full name.
pub fn people(text: &str) -> Vec<String> {
    judge(text).into_iter().filter(|judged| !judged.thing).map(|judged| judged.name).collect()
}

/// Every name the rules find in `text` with the rule that found it: people first (merged, in
/// order of first mention), then the names some mention makes a thing. For measuring the rules.
pub fn judge(text: &str) -> Vec<Judged> {
    // Text in capitals only (old wire headlines) gives no case to go by.
    if !text.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    let mut words = Vec::with_capacity(text.len() / 5);
    words::split(text, &mut words);
    let mut buffer = String::new();
    // Only name-cased words and their neighbours (titles, roles, verbs, particles) matter.
    let cased: Vec<bool> = words.iter().map(is_name_cased).collect();
    let near_cased = |at: usize| {
        cased[at]
            || (at > 0 && cased[at - 1])
            || cased.get(at + 1).copied().unwrap_or(false)
            || cased.get(at + 2).copied().unwrap_or(false)
    };
    let classes: Vec<Classes> =
        (0..words.len()).map(|at| if near_cased(at) { classify(words[at].text, &mut buffer) } else { 0 }).collect();
    let facts = Facts { before_org: OnceCell::new(), lowercase_words: OnceCell::new() };
    let mut candidates: Vec<(String, Evidence)> = Vec::new();
    // Names some mention writes as a thing, with single spaces; a set, so that long texts with
    // many candidates and many such mentions cost no more than their length.
    let mut things: HashSet<Cow<str>> = HashSet::new();
    // Where the last name found ends: a run right after it and `and` is listed with it.
    let mut after_person = None;
    let mut index = 0;
    while index < words.len() {
        if !starts_run(&words, &classes, index) {
            index += 1;
            continue;
        }
        let mut end = index + 1;
        while end < words.len() && continues_run(&words, &classes, end) {
            end += 1;
        }
        let follow = follow(text, &words, end);
        if let Some(Thing { first_end, segment_end }) = thing_mention(&words, &classes, index, end, follow) {
            // A name has at most a title and MAX_NAME_WORDS words (particles aside): longer
            // stretches of a long run are no name to unmake.
            for first in index.max(first_end.saturating_sub(MAX_NAME_WORDS + 2))..first_end {
                things.insert(single_spaced(span(text, &words, first, segment_end)));
                // `Douglas Aircraft` itself, when a company word is inside the run.
                if segment_end < end {
                    things.insert(single_spaced(span(text, &words, first, end)));
                }
            }
        }
        let listed = index >= 2 && words[index - 1].text == "and" && after_person == Some(index - 1);
        let run = Run { start: index, end, follow, listed };
        if let Some((name, evidence, name_end)) = name_in_run(text, &words, &classes, &facts, run) {
            candidates.push((name, evidence));
            after_person = Some(name_end);
        }
        index = follow.at.max(end);
    }
    let is_thing = |name: &str| things.contains(name);
    let (dropped, kept): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|(name, _)| is_thing(name));
    let mut judged: Vec<Judged> =
        merge(kept).into_iter().map(|(name, evidence)| Judged { name, evidence, thing: false }).collect();
    for (name, evidence) in dropped {
        if !judged.iter().any(|earlier| earlier.thing && earlier.name == name) {
            judged.push(Judged { name, evidence, thing: true });
        }
    }
    judged
}

/// The text of words `first..end`, as written.
fn span<'a>(text: &'a str, words: &[Word], first: usize, end: usize) -> &'a str {
    let last = &words[end - 1];
    &text[words[first].start..last.start + last.text.len()]
}

/// `text` with single spaces between its words, as names are shown; borrowed when it has them.
fn single_spaced(text: &str) -> Cow<'_, str> {
    let single = text.split(' ').all(|word| !word.is_empty() && !word.contains(char::is_whitespace));
    if single { Cow::Borrowed(text) } else { Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" ")) }
}

/// Capitalised, or a lowercase particle joined to a capitalised name (`al-Sistani`, `el-Sisi`).
fn is_name_cased(word: &Word) -> bool {
    word.is_capitalized() || has_particle_prefix(word.text)
}

/// `al-Sistani`, `el-Sisi`: a lowercase particle of `particles.txt`, a hyphen, a capital.
fn has_particle_prefix(text: &str) -> bool {
    // Asked of every word: most have no `-` within their first four bytes.
    let head = &text.as_bytes()[..text.len().min(4)];
    if !head.contains(&b'-') {
        return false;
    }
    let Some((prefix, rest)) = text.split_once('-') else { return false };
    prefix.len() <= 3
        && prefix.bytes().all(|byte| byte.is_ascii_lowercase())
        && rest.chars().next().is_some_and(char::is_uppercase)
        && classes_of_lowercase(prefix) & PARTICLE != 0
}

/// Lowercase particles from `at` on (`van der`, `de`, `bin`) that lead to a name-cased word.
fn particles_lead_to_name(words: &[Word], classes: &[Classes], at: usize) -> bool {
    let mut cursor = at;
    while cursor < words.len() && cursor < at + 3 {
        let word = &words[cursor];
        if cursor > at && word.gap != Gap::Space {
            return false;
        }
        if is_name_cased(word) {
            return cursor > at;
        }
        if classes[cursor] & PARTICLE == 0 {
            return false;
        }
        cursor += 1;
    }
    cursor < words.len() && words[cursor].gap == Gap::Space && is_name_cased(&words[cursor])
}

/// Word `at` is a given name for sure here: a known one, or one that is also a word or a place
/// (`Sydney`, `Will`, `Jan`) right before a surname or given name (`Sydney Brown`) or particles
/// (`Jan van der Berg`).
fn is_given_name(words: &[Word], classes: &[Classes], at: usize) -> bool {
    if classes[at] & FIRST_NAME != 0 {
        return true;
    }
    if classes[at] & AMBIGUOUS_GIVEN == 0 || !words[at].is_capitalized() || words[at].possessive {
        return false;
    }
    let Some(next) = words.get(at + 1) else { return false };
    if next.gap != Gap::Space {
        return false;
    }
    let named = next.is_capitalized()
        && classes[at + 1] & (SURNAME | FIRST_NAME) != 0
        && classes[at + 1] & (ORG | TITLE | THING) == 0;
    // `Kenya's Faith Chebet`: after a country's possessive, before a word that is nothing else.
    let introduced = after_country_possessive(words, at)
        && classes[at] & PLACE == 0
        && is_name_cased(next)
        && classes[at + 1] & (COMMON | PLACE | ORG | TITLE | THING) == 0;
    named || introduced || (!next.is_capitalized() && particles_lead_to_name(words, classes, at + 1))
}

/// Word `at` comes right after a country's possessive (`Kenya's`, `Britain's`; not a city's).
fn after_country_possessive(words: &[Word], at: usize) -> bool {
    at > 0
        && words[at].gap == Gap::Space
        && words[at - 1].possessive
        && words[at - 1].is_capitalized()
        && country_or_demonym(words[at - 1].text) == Some(Kind::Country)
}

/// Where the name of the run `start..end` starts when a country's possessive or a nationality
/// introduces it (`Kenya's Tigist Ketema`, `Ugandan Victor Kiplangat`): two or three words after
/// the cue. Not after a determiner (`the Iranian Revolutionary Guards`, `per American Depositary
/// Receipt`).
fn after_nationality<'a>(
    text: &str,
    words: &[Word<'a>],
    classes: &[Classes],
    facts: &Facts<'a>,
    start: usize,
    end: usize,
) -> Option<usize> {
    let name_start = if after_country_possessive(words, start) {
        start
    } else if !words[start].possessive && country_or_demonym(words[start].text) == Some(Kind::Demonym) {
        let determined = start > 0
            && words[start].gap == Gap::Space
            && classes_of_lowercase(words[start - 1].text) & DETERMINER != 0;
        if determined {
            return None;
        }
        start + 1
    } else {
        return None;
    };
    if name_start >= end || !(2..=3).contains(&name_length(classes, name_start, end)) {
        return None;
    }
    // No word that is anything else (`Paris Basin`, `Rio Grande`) or a single letter (`Lira N`),
    // none the text also writes in lowercase, no plural at the end (`Revolutionary Guards`,
    // `Cocoa Growers`) and no acronym in brackets after it (`Swedish Export Credit (SEK)`): a
    // person named by nationality alone has no known given name to vouch for them.
    let other = (name_start..end).any(|at| {
        classes[at] & (COMMON | PLACE | PLACE_PREFIX | ORG | TITLE | THING) != 0
            || (classes[at] & PARTICLE == 0
                && (words[at].text.chars().count() < 2 || facts.appears_lowercase(words, words[at].text)))
    });
    let last = words[end - 1].text;
    let plural = last.ends_with('s') && !last.ends_with("ss");
    let acronym = text[words[end - 1].end..].trim_start().strip_prefix('(').is_some_and(|rest| {
        let inside: String = rest.chars().take_while(|&c| c != ')').take(8).collect();
        inside.len() >= 2 && inside.chars().all(|c| c.is_ascii_uppercase())
    });
    (!other && !plural && !acronym).then_some(name_start)
}

fn starts_run(words: &[Word], classes: &[Classes], at: usize) -> bool {
    let word = &words[at];
    if word.is_capitalized() {
        return classes[at] & COMMON == 0 || is_given_name(words, classes, at);
    }
    has_particle_prefix(word.text) || (classes[at] & PARTICLE != 0 && particles_lead_to_name(words, classes, at))
}

/// Word `at` continues the run before it: no punctuation between, and name-cased (or particles
/// followed by a name-cased word).
fn continues_run(words: &[Word], classes: &[Classes], at: usize) -> bool {
    let word = &words[at];
    if word.gap != Gap::Space || words[at - 1].possessive {
        return false;
    }
    if has_particle_prefix(word.text) {
        return true;
    }
    if word.is_capitalized() {
        if classes[at] & COMMON == 0 {
            return true;
        }
        // `Mark April`, `Paul May`: a month or a modal as a surname right after a given name.
        return classes[at] & AMBIGUOUS_GIVEN != 0
            && words[at - 1].is_capitalized()
            && classes[at - 1] & (FIRST_NAME | AMBIGUOUS_GIVEN) != 0;
    }
    classes[at] & PARTICLE != 0 && particles_lead_to_name(words, classes, at)
}

/// Where the text goes on after a run ending at `end`: the next word and the punctuation before
/// it, with a short bracket right after the run skipped (`Kalin Georgiev (Калин Георгиев), a …`).
#[derive(Debug, Clone, Copy)]
struct Follow {
    /// Index of the next word (`words.len()` at the end).
    at: usize,
    gap: Gap,
}

fn follow(text: &str, words: &[Word], end: usize) -> Follow {
    let Some(next) = words.get(end) else { return Follow { at: end, gap: Gap::Stop } };
    let plain = Follow { at: end, gap: next.gap };
    if next.gap != Gap::Other || end == 0 {
        return plain;
    }
    let between = &text[words[end - 1].end..next.start];
    if between.trim_start() != "(" {
        return plain;
    }
    // Only within the words a skipped bracket may hold, so that brackets never closed cost no
    // rescans of the rest of the text.
    let window_end = words.get(end + MAX_BRACKET_WORDS + 1).map_or(text.len(), |word| word.start);
    let Some(closing) = text[next.start..window_end].find(')').map(|offset| next.start + offset) else {
        return plain;
    };
    let after = (end..words.len().min(end + MAX_BRACKET_WORDS + 1)).find(|&at| words[at].start > closing);
    match after {
        Some(at) => Follow { at, gap: classify_gap(&text[closing + 1..words[at].start]) },
        None if words.len() <= end + MAX_BRACKET_WORDS => Follow { at: words.len(), gap: Gap::Stop },
        None => plain,
    }
}

/// A run of name-cased words and what follows it.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    follow: Follow,
    /// Right after a name found and `and`.
    listed: bool,
}

/// The person a run of name-cased words names, if any, with the rule that found it and where the
/// name ends.
fn name_in_run<'a>(
    text: &str,
    words: &[Word<'a>],
    classes: &[Classes],
    facts: &Facts<'a>,
    run: Run,
) -> Option<(String, Evidence, usize)> {
    let Run { start, end, follow, listed } = run;
    let last_title = (start..end).rev().find(|&at| classes[at] & TITLE != 0);
    let (name_start, evidence) = if let Some(title_at) = last_title {
        (title_at + 1, Evidence::Title)
    } else if start > 0 && words[start].gap == Gap::Space && is_lowercase_role(&words[start - 1], classes[start - 1]) {
        (start, Evidence::Title)
    } else if let Some(first_at) = (start..end.saturating_sub(1)).find(|&at| is_given_name(words, classes, at)) {
        if (start..first_at).any(|at| classes[at] & PLACE_PREFIX != 0) {
            return None;
        }
        (first_at, Evidence::FirstName)
    } else if is_attributed(words, classes, start, end, follow) {
        (start, Evidence::Attribution)
    } else if (2..=3).contains(&name_length(classes, start, end)) && has_person_apposition(words, start, follow) {
        (start, Evidence::Apposition)
    } else if listed
        && (2..=3).contains(&name_length(classes, start, end))
        && words[start].gap == Gap::Space
        && classes[start] & (FIRST_NAME | AMBIGUOUS_GIVEN) != 0
    {
        (start, Evidence::Listed)
    } else if let Some(name_start) = after_nationality(text, words, classes, facts, start, end) {
        (name_start, Evidence::Nationality)
    } else {
        return None;
    };
    let name_end = name_end(classes, name_start, end);
    if name_start >= name_end {
        return None;
    }
    let name_words = &words[name_start..name_end];
    let name_classes = &classes[name_start..name_end];
    if !is_name_shaped(name_words, name_classes) {
        return None;
    }
    // The run continues into an organization (`Paul Volcker Corp` cannot be, `Morgan Stanley Inc`).
    let continues =
        end < words.len() && words[end].gap == Gap::Space && !words[end - 1].possessive && words[end].is_capitalized();
    if continues && classes[end] & (ORG | THING) != 0 {
        return None;
    }
    if matches!(evidence, Evidence::Attribution | Evidence::Apposition)
        && facts.is_before_org(words, classes, words[name_end - 1].text)
    {
        return None;
    }
    if name_words.len() == 1 {
        let word = &name_words[0];
        if word.text.chars().count() < 3 {
            return None;
        }
        // A lone word opening a sentence may be a common noun: it is one if the text also has it
        // in lowercase.
        if evidence == Evidence::Attribution
            && matches!(word.gap, Gap::Start | Gap::Stop | Gap::Other)
            && facts.appears_lowercase(words, word.text)
        {
            return None;
        }
    }
    let display = span(text, words, name_start, name_end);
    Some((display.split_whitespace().collect::<Vec<_>>().join(" "), evidence, name_end))
}

/// Words of `start..end` that are not particles.
fn name_length(classes: &[Classes], start: usize, end: usize) -> usize {
    (start..end).filter(|&at| classes[at] & PARTICLE == 0).count()
}

/// Where a name starting at `name_start` ends: the run's end, or after [`MAX_NAME_WORDS`] words
/// that are not particles.
fn name_end(classes: &[Classes], name_start: usize, end: usize) -> usize {
    let mut counted = 0;
    for (offset, class) in classes[name_start..end].iter().enumerate() {
        if class & PARTICLE == 0 {
            counted += 1;
            if counted > MAX_NAME_WORDS {
                return name_start + offset;
            }
        }
    }
    end
}

/// No organization or title word; no place or common word unless it is a given name
/// that is also one (`Sydney Brown`, `Mark April`, `Hope Lincoln`) in a name of two words or more;
/// no capitals only, inner capitals or digits; a name-cased last word that is no initial.
fn is_name_shaped(name_words: &[Word], name_classes: &[Classes]) -> bool {
    // A company word (`Douglas Aircraft`) leaves the name to the judgement of the whole article.
    if name_classes.iter().any(|class| class & (ORG | TITLE) != 0) {
        return false;
    }
    let ambiguous_allowed =
        name_words.len() > 1 && name_classes.iter().any(|class| class & (COMMON | PLACE) == 0 || class & PARTICLE != 0);
    let blocked =
        |class: &Classes| class & (COMMON | PLACE) != 0 && !(ambiguous_allowed && class & AMBIGUOUS_GIVEN != 0);
    if name_classes.iter().any(blocked) {
        return false;
    }
    let last = &name_words[name_words.len() - 1];
    let odd = |word: &Word| {
        (word.is_all_caps() && !is_initial(word.text))
            || has_inner_capitals(word.text)
            || word.text.chars().any(|c| c.is_ascii_digit())
    };
    !name_words.iter().any(odd)
        && (is_name_cased(&name_words[0]) || name_classes[0] & PARTICLE != 0)
        && is_name_cased(last)
        && !is_initial(last.text)
}

/// The words of a run that name a thing: every `first..segment_end` with `first` before
/// `first_end` (`Douglas` of `Douglas Aircraft`; `Queen Mary` and `Mary` of `the tanker Queen
/// Mary`).
#[derive(Debug, Clone, Copy)]
struct Thing {
    first_end: usize,
    segment_end: usize,
}

/// A mention that makes the run `start..end` a company's, a product's or a vehicle's, or `None`.
fn thing_mention(words: &[Word], classes: &[Classes], start: usize, end: usize, follow: Follow) -> Option<Thing> {
    // `Douglas Aircraft`, `Adam Air Flight`, `Hartwell Inc` (not `Air Force`).
    let thing_word = (start + 1..end).find(|&at| {
        classes[at] & THING != 0 && !(at + 1 < end && classes[at + 1] & ORG != 0 && classes[at + 1] & THING == 0)
    });
    // `Airbus A380`, `Windows 7`: a model in the run.
    let model_word = (start + 1..end).find(|&at| words[at].text.chars().any(|c| c.is_ascii_digit()));
    if let Some(at) = thing_word.into_iter().chain(model_word).min() {
        return Some(Thing { first_end: at, segment_end: at });
    }
    let personal = (start..end).any(|at| classes[at] & TITLE != 0 || is_given_name(words, classes, at));
    // `Automobile Dacia`, `Air Canada` as a whole (not `Commercial Director John Smith`, nor
    // `Harjono` of `Minister of Mines and Energy Harjono`).
    if classes[start] & THING != 0 && end > start + 1 && !personal {
        return Some(Thing { first_end: start + 1, segment_end: end });
    }
    let last = &words[end - 1];
    let next = words.get(end).filter(|next| next.gap == Gap::Space);
    // `Boeing 737`, `Airbus A380`, `Flight 574`, `Queen Mary 2`; not a score (`6-4`).
    let model = next.is_some_and(|next| {
        !last.possessive
            && next.text.chars().any(|c| c.is_ascii_digit())
            && next.text.len() <= 8
            && !is_score(next.text)
            && (next.text.as_bytes()[0].is_ascii_digit() || next.is_capitalized())
    });
    // `Airbus shares`, `Ryanair's profit`, `Nokia's chief executive`.
    let business = next.is_some_and(|next| {
        !next.is_capitalized()
            && (classes_of_lowercase(next.text) & BUSINESS_NOUN != 0
                || (last.possessive
                    && next.text == "chief"
                    && words.get(end + 1).is_some_and(|after| after.text == "executive")))
    });
    // `Hecla said it`, `Rio Tinto said its`; people say it too (`Trade Secretary Alan Morley said
    // it was too late`), so not for a run with a title or a given name.
    let said_it = !personal
        && next.is_some_and(|next| {
            !next.is_capitalized()
                && classes[end] & ATTRIBUTION != 0
                && words.get(end + 1).is_some_and(|after| {
                    after.gap == Gap::Space && matches!(after.text, "it" | "its" | "they" | "their")
                })
        });
    // `carmaker Tesla`, `the tanker Queen Mary`, `shares of Lufthansa`.
    let before = start > 0 && words[start].gap == Gap::Space;
    // Not `company CEO Anna Berg`: a title after the noun names the company's person.
    let named_after_noun = before
        && !words[start - 1].is_capitalized()
        && !words[start - 1].possessive
        && classes_of_lowercase(words[start - 1].text) & COMPANY_NOUN != 0
        && (classes[start] & TITLE == 0 || classes_of_lowercase(words[start - 1].text) & VEHICLE_NOUN != 0);
    let shares_of = before
        && start > 1
        && matches!(words[start - 1].text, "of" | "in")
        && words[start - 1].gap == Gap::Space
        && classes_of_lowercase(words[start - 2].text) & BUSINESS_NOUN != 0;
    let described = apposition_noun(words, follow).is_some_and(|class| class & COMPANY_NOUN != 0);
    // `the carrier, Flybe, said`: the name is the apposition of a company noun.
    let describes = start > 0
        && words[start].gap == Gap::Comma
        && follow.gap == Gap::Comma
        && !words[start - 1].is_capitalized()
        && !words[start - 1].possessive
        && classes_of_lowercase(words[start - 1].text) & COMPANY_NOUN != 0;
    // `Volvo is the country's largest carmaker`.
    let is_a_company = next.is_some_and(|next| matches!(next.text, "is" | "was"))
        && words.get(end + 1).is_some_and(|article| matches!(article.text, "a" | "an" | "the"))
        && words[end + 2..words.len().min(end + 6)]
            .iter()
            .take_while(|word| word.gap == Gap::Space)
            .filter(|word| !word.is_capitalized() && !word.possessive)
            .map(|word| classes_of_lowercase(word.text) & (COMPANY_NOUN | APPOSITION_NOUN | ROLE))
            .find(|class| *class != 0)
            .is_some_and(|class| class & (APPOSITION_NOUN | ROLE) == 0);
    (model || business || said_it || named_after_noun || shares_of || described || describes || is_a_company)
        .then_some(Thing { first_end: end, segment_end: end })
}

/// `6-4`, `2-1`: a match score, not a model number.
fn is_score(text: &str) -> bool {
    text.split_once('-').is_some_and(|(left, right)| {
        left.len() <= 2
            && right.len() <= 2
            && left.bytes().all(|byte| byte.is_ascii_digit())
            && right.bytes().all(|byte| byte.is_ascii_digit())
    })
}

/// After a comma, `a|an|the` and within three words the first noun that describes a person or a
/// company (`, a transport campaigner`, `, the carmaker`): its classes (person nouns:
/// [`APPOSITION_NOUN`] or [`ROLE`], companies: [`COMPANY_NOUN`]). A `the` apposition, and any
/// that names a company, must close (`, the finance minister,`, `, the leader of …`, `, the
/// carmaker,`) so that `In Tikrit, the governor said` is none.
fn apposition_noun(words: &[Word], follow: Follow) -> Option<Classes> {
    if follow.gap != Gap::Comma {
        return None;
    }
    let article = words.get(follow.at)?;
    if !matches!(article.text, "a" | "an" | "the") {
        return None;
    }
    let definite = article.text == "the";
    for at in follow.at + 1..words.len().min(follow.at + 4) {
        let word = &words[at];
        if word.gap != Gap::Space {
            return None;
        }
        if word.is_capitalized() {
            continue;
        }
        let class = classes_of_lowercase(word.text) & (APPOSITION_NOUN | ROLE | COMPANY_NOUN);
        if class == 0 || word.possessive {
            continue;
        }
        let closes = match words.get(at + 1) {
            None => true,
            Some(after) => {
                matches!(after.gap, Gap::Comma | Gap::Stop)
                    || (after.gap == Gap::Space && matches!(after.text, "of" | "at" | "for" | "in" | "with" | "from"))
            }
        };
        // A company noun must close its apposition too: `Smith, the firm wanted …` is no
        // apposition, nor is `a firm believer`.
        return ((!definite && class & COMPANY_NOUN == 0) || closes).then_some(class);
    }
    None
}

/// After the run: `, who …`, `, 67, …`, `, a|an|the … economist|minister …`; or before it, an
/// apposition it closes (`its chief executive, Priya Raman,`).
fn has_person_apposition(words: &[Word], start: usize, follow: Follow) -> bool {
    let inverted = start > 0
        && words[start].gap == Gap::Comma
        && !words[start - 1].is_capitalized()
        && !words[start - 1].possessive
        && classes_of_lowercase(words[start - 1].text) & (APPOSITION_NOUN | ROLE) != 0
        && follow.gap == Gap::Comma;
    if inverted {
        return true;
    }
    if let Some(class) = apposition_noun(words, follow) {
        return class & (APPOSITION_NOUN | ROLE) != 0 && class & COMPANY_NOUN == 0;
    }
    let Some(next) = words.get(follow.at) else { return false };
    if follow.gap != Gap::Comma {
        return false;
    }
    match next.text {
        "who" | "whose" => true,
        age => {
            age.len() <= 3
                && age.bytes().all(|byte| byte.is_ascii_digit())
                && words.get(follow.at + 1).is_some_and(|after| after.gap == Gap::Comma)
        }
    }
}

fn is_lowercase_role(word: &Word, class: Classes) -> bool {
    class & ROLE != 0 && !word.is_capitalized() && !word.possessive
}

/// Two capitals in a row after the first letter (`WestLB`): brand names, not people;
/// `McDonald` and `DeConcini` pass.
fn has_inner_capitals(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).skip(1).any(|pair| pair[0].is_ascii_uppercase() && pair[1].is_ascii_uppercase())
}

/// `Singh said`, `Singh told`, `said Singh.`, `said Singh, the minister`, `according to Singh`;
/// `, Singh, said` only when the name is itself an apposition (`his daughter, Marine Le Pen,
/// said`), never for the end of one (`an analyst at Fitch, said`).
fn is_attributed(words: &[Word], classes: &[Classes], start: usize, end: usize, follow: Follow) -> bool {
    let is_verb = |at: usize| classes[at] & ATTRIBUTION != 0 && !words[at].is_capitalized();
    let after = follow.at;
    let verb_after = after < words.len()
        && (follow.gap == Gap::Space || (follow.gap == Gap::Comma && words[start].gap == Gap::Comma))
        && is_verb(after);
    // `Mikulic has said`, `Smith also told`
    let auxiliary = |word: &Word| matches!(word.text, "has" | "had" | "also" | "later" | "then" | "again");
    let verb_after_auxiliary = after + 1 < words.len()
        && follow.gap == Gap::Space
        && auxiliary(&words[after])
        && words[after + 1].gap == Gap::Space
        && words[after + 1].text.len() > 2
        && classes_of_lowercase(words[after + 1].text) & ATTRIBUTION != 0;
    if verb_after || verb_after_auxiliary {
        return true;
    }
    let closes = end == words.len() || matches!(follow.gap, Gap::Stop | Gap::Comma);
    let verb_before = start > 0
        && words[start].gap == Gap::Space
        && classes[start - 1] & ATTRIBUTION != 0
        && !words[start - 1].is_capitalized();
    // Not `according to Fiat's announcement`: the source is what the name has.
    let according_to = start > 1
        && words[start].gap == Gap::Space
        && !words[end - 1].possessive
        && words[start - 1].text == "to"
        && words[start - 2].text.eq_ignore_ascii_case("according");
    closes && (verb_before || according_to)
}

/// What the checks of candidate names ask about the whole text, gathered once per text so that
/// many candidates in a long text cost no rescans.
struct Facts<'a> {
    /// Words written right before an organization word (`Hecla Mining`, `Albertson Inc`); built
    /// on first use.
    before_org: OnceCell<HashSet<&'a str>>,
    /// Words that start with a lowercase letter; built on first use.
    lowercase_words: OnceCell<HashSet<&'a str, FastHash>>,
}

impl<'a> Facts<'a> {
    fn is_before_org(&self, words: &[Word<'a>], classes: &[Classes], word: &str) -> bool {
        let before_org = self.before_org.get_or_init(|| {
            (1..words.len())
                .filter(|&at| {
                    words[at].gap == Gap::Space
                        && words[at].is_capitalized()
                        && classes[at] & ORG != 0
                        && !words[at - 1].possessive
                })
                .map(|at| words[at - 1].text)
                .collect()
        });
        before_org.contains(word)
    }

    /// `word` also occurs in the text written in lowercase (`Officials` / `officials`).
    fn appears_lowercase(&self, words: &[Word<'a>], word: &str) -> bool {
        let lowercase_words = self.lowercase_words.get_or_init(|| {
            words
                .iter()
                .filter(|candidate| candidate.text.chars().next().is_some_and(char::is_lowercase))
                .map(|candidate| candidate.text)
                .collect()
        });
        lowercase_words.contains(word.to_lowercase().as_str())
    }
}

/// Removes repeats (ignoring case); a surname or given name alone is dropped when a full name has
/// it (`Sistani` in `Ali al-Sistani`), and a name that ends a longer one (`Otto Poehl`, `van der
/// Berg`) or skips its middle (`James Baker`, `James A. Baker`) is dropped for the longer one. A
/// name keeps the evidence of its first mention.
fn merge(candidates: Vec<(String, Evidence)>) -> Vec<(String, Evidence)> {
    let mut unique: Vec<(String, Evidence)> = Vec::with_capacity(candidates.len());
    for (name, evidence) in candidates {
        match unique.iter_mut().find(|(earlier, _)| earlier.eq_ignore_ascii_case(&name)) {
            Some(_) => {}
            None => unique.push((name, evidence)),
        }
    }
    let lowered: Vec<String> = unique.iter().map(|(name, _)| name.to_lowercase()).collect();
    let full_names: Vec<&str> = lowered.iter().map(String::as_str).filter(|name| name.contains(' ')).collect();
    let keep: Vec<bool> = lowered
        .iter()
        .map(|name| {
            if !name.contains(' ') {
                return !full_names
                    .iter()
                    .any(|full| full.split(' ').any(|part| part == name || unprefixed(part) == name));
            }
            let covered = full_names.iter().any(|full| {
                full.len() > name.len()
                    && (full.strip_suffix(name.as_str()).is_some_and(|rest| rest.ends_with(' '))
                        || same_person_with_middle(full, name))
            });
            !covered
        })
        .collect();
    unique.into_iter().zip(keep).filter_map(|(candidate, keep)| keep.then_some(candidate)).collect()
}

/// `al-Sistani` → `sistani`: a surname without its joined particle.
fn unprefixed(part: &str) -> &str {
    match part.split_once('-') {
        Some((prefix, rest)) if prefix.len() <= 3 && classes_of_lowercase(prefix) & PARTICLE != 0 => rest,
        _ => part,
    }
}

/// `James A. Baker` and `James Baker` are one person.
fn same_person_with_middle(longer: &str, shorter: &str) -> bool {
    let long_parts: Vec<&str> = longer.split(' ').collect();
    let short_parts: Vec<&str> = shorter.split(' ').collect();
    short_parts.len() == 2
        && long_parts.len() > 2
        && long_parts.first() == short_parts.first()
        && long_parts.last() == short_parts.last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_people(text: &str, expected: &[&str]) {
        assert_eq!(people(text), expected, "people in {text:?}");
    }

    #[track_caller]
    fn assert_nobody(text: &str) {
        assert_people(text, &[]);
    }

    #[test]
    fn a_country_or_a_nationality_introduces_a_name() {
        assert_people("Kenya's Faith Chebet won in Montreal.", &["Faith Chebet"]);
        assert_people(
            "Ethiopia's Tigist Ketema led, and Japanese Kenta Ueda was second.",
            &["Tigist Ketema", "Kenta Ueda"],
        );
        // A city's possessive, a determiner, a plural, an acronym, an everyday word of the text.
        assert_nobody("London's Tigist Ketema Stadium opened.");
        assert_nobody("Officers of the Iranian Revolutionary Guard met.");
        assert_nobody("Attacks by Iranian Revolutionary Guards rose.");
        assert_nobody("Swedish Export Credit (SEK) has launched a bond.");
        assert_nobody("Malaysia's Cocoa Board raised cocoa prices.");
        assert_nobody("France's Paris Basin holds oil.");
    }

    #[test]
    fn a_name_that_opens_with_an_organization_of_the_article_is_none() {
        let mut people = vec!["Gazprom Neft".to_string(), "Robert Halmi Jr".to_string(), "Sydney Brown".to_string()];
        drop_company_led(
            &mut people,
            &["Gazprom".to_string(), "Robert Halmi".to_string(), "Sydney Airport".to_string()],
        );
        assert_eq!(people, ["Robert Halmi Jr", "Sydney Brown"]);
    }

    #[test]
    fn titles_and_roles() {
        assert_people("Defence Minister Rajnath Singh met him.", &["Rajnath Singh"]);
        assert_people("He met US Secretary of War Pete Hegseth on Friday.", &["Pete Hegseth"]);
        assert_people("He spoke to Mr. Volcker yesterday.", &["Volcker"]);
        assert_people("Treasury Secretary James Baker said the dollar fell.", &["James Baker"]);
        assert_people("Fed Chairman Paul Volcker told Congress.", &["Paul Volcker"]);
        assert_people("said finance minister Ali Khalifa al-Sabah.", &["Ali Khalifa al-Sabah"]);
        assert_people("U.N. Secretary-General Javier Perez de Cuellar arrived.", &["Javier Perez de Cuellar"]);
        assert_people("Japanese Prime Minister Yasuhiro Nakasone said.", &["Yasuhiro Nakasone"]);
    }

    #[test]
    fn attribution() {
        assert_people("The plan will work, Singh said.", &["Singh"]);
        assert_people("\"It is good,\" said Stoltenberg.", &["Stoltenberg"]);
        assert_people("according to Lawson, rates fall.", &["Lawson"]);
        assert_people("Mikulic has said inflation would fall.", &["Mikulic"]);
        assert_people("trade. Katrín Björnsdóttir, an energy researcher at the university", &["Katrín Björnsdóttir"]);
        assert_people("warned. Agnieszka Wójcik, who chairs an association", &["Agnieszka Wójcik"]);
        assert_people("said.\n\nNathalie Rey, 67, who spent the afternoon", &["Nathalie Rey"]);
        assert_nobody("They met in Kuala Lumpur, a city of millions, and Harbourfront Analytics, a consultancy.");
        assert_people("gave Margaret Thatcher's Conservative party a lead", &["Margaret Thatcher"]);
        assert_people("discarded President\nReagan's economic assumptions", &["Reagan"]);
    }

    #[test]
    fn surnames_merge_into_full_names() {
        assert_people(
            "Fed Chairman Paul Volcker spoke. Volcker said rates would hold. Mr. Volcker left.",
            &["Paul Volcker"],
        );
        assert_people("Karl Otto Poehl spoke. Otto Poehl left.", &["Karl Otto Poehl"]);
        assert_people("James A. Baker spoke and James Baker left.", &["James A. Baker"]);
    }

    #[test]
    fn no_false_people() {
        assert_nobody("The talks ended. But Monday was quiet in Kuala Lumpur.");
        assert_nobody("The Defence Ministry said on Monday that the New York Stock Exchange closed.");
        assert_nobody("Japan said it would act. Officials said prices rose.");
        assert_nobody("Prices rose in March, the Finance Ministry said.");
        assert_nobody("Reuters said. Analysts said. Traders said.");
        assert_nobody("Morgan Stanley Inc said it would buy shares.");
        assert_nobody("India said its exports fell, the World Bank said.");
        assert_nobody("TREASURY SECRETARY JAMES BAKER SAID");
        assert_nobody("They flew to San Pedro de Atacama on Monday.");
        assert_nobody("Organisers said the race was a success, Harbourfront Analytics said.");
        assert_nobody("In the dispute, Montana said it would appeal.");
        assert_nobody("Hecla said it would buy the mine.");
        assert_nobody("WestLB said rates rose; Banque Internationale said so too.");
        assert_people("Dennis DeConcini and Mitch McConnell said", &["Dennis DeConcini", "Mitch McConnell"]);
        assert_nobody("Albertson Inc raised prices. Albertson said demand was strong.");
        assert_nobody("The Fed said rates would hold. Bundesbank said so too.");
        assert_nobody("Southwest Bancorp said profits rose; Weather Service said rain.");
    }

    #[test]
    fn given_names_that_are_words_or_places_need_a_surname() {
        assert_people(
            "Senator Sydney Brown and Representative Hope Lincoln said on Tuesday that the bill would pass.",
            &["Sydney Brown", "Hope Lincoln"],
        );
        assert_people("Mark April, an analyst at Fitch, said the outlook had worsened.", &["Mark April"]);
        assert_people("The squad includes Will Carter.", &["Will Carter"]);
        assert_nobody("Will Boeing cut jobs? Hope remains. In May Apple shares rose.");
        assert_nobody("Ferries cross Sydney Harbour and sail to Georgia.");
    }

    #[test]
    fn particles_and_joined_surnames_stay_whole() {
        assert_people("Union leader Jan van der Berg accepted the offer. Van der Berg said so.", &["Jan van der Berg"]);
        assert_people("Cleric Ali al-Sistani urged calm. Sistani said so.", &["Ali al-Sistani"]);
        assert_people(
            "President Ursula von der Leyen arrived. \"Yes,\" von der Leyen said.",
            &["Ursula von der Leyen"],
        );
        assert_people("Jean-Marie Le Pen, the founder of the party, has died.", &["Jean-Marie Le Pen"]);
        assert_people("Crown Prince Ahmed bin Salman met them. Bin Salman said so.", &["Ahmed bin Salman"]);
    }

    #[test]
    fn context_finds_names_without_a_known_given_name() {
        assert_people("Chukwuemeka Obi, the finance minister, said the subsidy would go.", &["Chukwuemeka Obi"]);
        assert_people("Oluwaseun Adeyemi told reporters that unions would strike.", &["Oluwaseun Adeyemi"]);
        assert_people("Kalin Georgiev (Калин Георгиев), a transport campaigner, said no.", &["Kalin Georgiev"]);
        assert_people("Its chief executive, Priya Raman, will join the board.", &["Priya Raman"]);
        assert_nobody("In Tikrit, the governor said the road was closed.");
        assert_nobody("Smith Tikrit, the firm wanted more.");
    }

    #[test]
    fn the_article_unmakes_companies_products_and_vehicles() {
        assert_nobody("Airbus said on Tuesday it had won. Airbus shares rose.");
        assert_nobody("Searchers found Adam Air Flight 574. Adam Air said it would help.");
        assert_nobody("The former Douglas Aircraft plant will close, Boeing Commercial Airplanes said.");
        assert_nobody("Ryanair's shares fell. Ryanair said profit fell.");
        assert_nobody("Hartwell Inc agreed to buy Bexley. Hartwell said the deal would pay.");
        assert_nobody("Tesla, the carmaker, said it would recall cars. Tesla said no one was hurt.");
        assert_nobody("The tanker Queen Mary ran aground. The Queen Mary 2 was not involved.");
        assert_nobody("Volvo is the country's largest carmaker, Volvo said.");
        assert_nobody("The carrier, Flybe, announced a loss.");
        assert_people("Ford Motor Co Chairman Bill Ford said on Monday.", &["Bill Ford"]);
        assert_people("Company CEO Anna Berg unveiled the phone.", &["Anna Berg"]);
        // People say `it` too: only a run with no title or given name says it as a company.
        assert_people("Trade Secretary Alan Morley said it was too late.", &["Alan Morley"]);
    }

    #[test]
    fn names_the_article_holds_as_organizations_or_places_are_no_people() {
        let mut found =
            vec!["Fitch".to_string(), "Boeing".to_string(), "Jackson".to_string(), "Mark April".to_string()];
        drop_non_persons(&mut found, &["fitch".to_string(), "Boeing Co".to_string()]);
        drop_non_persons(&mut found, &["Jackson".to_string(), "Mark".to_string()]);
        assert_eq!(found, ["Mark April"]);
    }

    #[test]
    fn judge_says_which_rule_found_each_name() {
        let judged = judge("Minister Ana Lopes met Paul Volcker. Okafor said so. Airbus said it would.");
        let rules: Vec<(&str, Evidence, bool)> =
            judged.iter().map(|name| (name.name.as_str(), name.evidence, name.thing)).collect();
        assert_eq!(
            rules,
            [
                ("Ana Lopes", Evidence::Title, false),
                ("Paul Volcker", Evidence::FirstName, false),
                ("Okafor", Evidence::Attribution, false),
                ("Airbus", Evidence::Attribution, true),
            ]
        );
    }

    #[test]
    fn seeds() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/seeds");
        let entries = std::fs::read_dir(seeds).expect("../shared/corpora/seeds beside the project");
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("readable seed");
            assert_eq!(people(&text), ["Rajnath Singh", "Pete Hegseth"], "people in {}", entry.path().display());
        }
    }
}
