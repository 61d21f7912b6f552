//! The shipped knowledge (`ontology/`, generated from `tools/*.tsv` by `tools/gen_ontology.py`)
//! as the extractor loads it: every state with its names, demonyms, capital and ministries; one
//! label naming one entity; no person known by a one-word name that many people share; the
//! generated files current with the tables.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;

use newsgraph::knowledge::EntityInfo;
use newsgraph::vocab::EntityType;
use newsgraph::{mentions, Knowledge};

static K: LazyLock<Knowledge> = LazyLock::new(|| Knowledge::load(&Knowledge::default_dir()).unwrap());

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn named(label: &str) -> &'static EntityInfo {
    let i = K.lookup_label(label).unwrap_or_else(|| panic!("no entity is named {label:?}"));
    K.entity(i)
}

fn of_type(t: EntityType) -> impl Iterator<Item = (usize, &'static EntityInfo)> {
    K.entities.iter().enumerate().filter(move |(_, e)| e.ent.etype == t)
}

/// The entity each mention of `text` names, by preferred label, in order.
fn mentioned(text: &str) -> Vec<String> {
    let a = mentions::analyse(text, &K);
    a.mentions.iter().map(|m| a.ents.get(m.ent).label.clone()).collect()
}

#[test]
fn every_state_has_a_demonym_a_capital_and_three_ministries() {
    let countries: Vec<_> = of_type(EntityType::Country).collect();
    // 193 UN members, 2 observer states, and states recognised by some (Kosovo, Taiwan, SADR)
    assert!(countries.len() >= 195, "{} countries", countries.len());
    let capitals: HashMap<usize, usize> = K.entities.iter().enumerate().filter_map(|(i, e)| e.capital_of.map(|c| (c, i))).collect();
    for (i, c) in countries {
        let name = &c.ent.label;
        // city-states: the capital bears the country's name, which stays the country's
        if !["Holy See", "Monaco", "Singapore"].contains(&name.as_str()) {
            assert!(capitals.contains_key(&i), "{name} has no capital");
        }
        let Some(demonym) = K.demonym(i) else {
            assert!(["Holy See", "Republic of the Congo", "Dominica"].contains(&name.as_str()), "{name} has no demonym");
            continue;
        };
        if name == "United States" {
            continue; // departments, not ministries (tools/actors.tsv)
        }
        for ministry in ["Defense Ministry", "Foreign Ministry", "Interior Ministry"] {
            let m = named(&format!("{demonym} {ministry}"));
            assert_eq!(m.ent.etype, EntityType::Organization);
            assert_eq!(m.country, Some(i), "{demonym} {ministry} belongs to {name}");
        }
    }
}

#[test]
fn names_of_a_state_name_it() {
    for (label, country) in [
        ("Kremlin", "Russia"),
        ("Bankova", "Ukraine"),
        ("Zhongnanhai", "China"),
        ("Elysee", "France"),
        ("Downing Street", "United Kingdom"),
        ("Villa Somalia", "Somalia"),
        ("Aso Rock", "Nigeria"),
        ("Tatmadaw", "Myanmar"),
        ("Bundeswehr", "Germany"),
        ("Afghans", "Afghanistan"),
        ("Britons", "United Kingdom"),
        ("Iraqis", "Iraq"),
        ("Turks", "Turkey"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
        ("Türkiye", "Turkey"),
    ] {
        assert_eq!(named(label).ent.label, country, "{label}");
    }
    // plurals only where English makes them: "the Chinese", not "Chineses"
    assert!(K.lookup_label("Chineses").is_none() && K.lookup_label("Britishs").is_none());
    let uae = named("United Arab Emirates");
    let mofa = named("UAE Foreign Ministry");
    assert_eq!(mofa.country.map(|c| &K.entity(c).ent.label), Some(&uae.ent.label));
    assert_eq!(named("Iraq's Interior Ministry").ent.label, "Iraqi Interior Ministry");
}

#[test]
fn groups_are_known_by_their_names_acronyms_and_transliterations() {
    for (spellings, group) in [
        (&["al-Shabaab", "al-Shabab", "Shabaab", "Shebab", "Harakat al-Shabaab al-Mujahideen"][..], "al-Shabaab"),
        (&["Islamic State", "ISIS", "ISIL", "Daesh", "Da'esh"][..], "Islamic State"),
        (&["Hezbollah", "Hizbollah", "Hizballah"][..], "Hezbollah"),
        (&["al-Qaeda", "Al Qaeda", "al-Qaida", "al-Qa'ida"][..], "al-Qaeda"),
        (&["JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"][..], "JNIM"),
        (&["Houthis", "Huthis", "Ansar Allah"][..], "Houthis"),
        // the Arabic article with a hyphen or a space, made by the generator
        (&["Hayat Tahrir al-Sham", "Hayat Tahrir al Sham", "Tahrir al Sham"][..], "Hayat Tahrir al-Sham"),
    ] {
        for s in spellings {
            assert_eq!(named(s).ent.label, group, "{s}");
        }
    }
    let groups = of_type(EntityType::Organization).count();
    assert!(groups >= 900, "{groups} organizations (with ministries)");
    // the Human Rights Council is not the High Commissioner's office
    assert_ne!(named("Human Rights Council").ent.label, named("OHCHR").ent.label);
}

#[test]
fn one_label_names_one_entity() {
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut clashes = Vec::new();
    for (i, e) in K.entities.iter().enumerate() {
        if e.ent.etype == EntityType::Concept {
            continue;
        }
        for l in e.names_lc.iter().chain(e.demonyms.iter().map(|d| d.to_lowercase()).collect::<Vec<_>>().iter()) {
            if let Some(&j) = owner.get(l) {
                if j != i {
                    clashes.push(format!("{l:?}: {} and {}", K.entity(j).ent.label, e.ent.label));
                }
            } else {
                owner.insert(l.clone(), i);
            }
        }
    }
    assert!(clashes.is_empty(), "labels that name two entities:\n{}", clashes.join("\n"));
}

/// Given names and surnames many people share: a person known by one of these alone would be
/// read into every article that names any of them.
const COMMON_NAMES: &[&str] = &[
    "abbas", "abdi", "abdullah", "ahmad", "ahmadi", "ahmed", "akhtar", "ali", "aziz", "ba", "bernard", "bianchi", "boyko", "brown", "camara", "chen", "cisse",
    "cohen", "conte", "costa", "coulibaly", "das", "davis", "demir", "diallo", "diop", "dubois", "farah", "ferrari", "fischer", "friedman", "garcia",
    "gonzalez", "gupta", "haddad", "hadi", "hamad", "hamid", "hassan", "hernandez", "hosseini", "huang", "hussain", "hussein", "ibrahim", "islam",
    "ivanov", "jafari", "jamal", "johnson", "jones", "kamal", "karim", "karimi", "katz", "kaya", "keita", "khan", "khoury", "kim", "kone", "kovalenko",
    "kumar", "kuznetsov", "laurent", "lee", "levi", "levy", "li", "liu", "lopez", "mahmoud", "malik", "mansour", "martin", "martinez", "melnyk",
    "meyer", "michel", "miller", "mirza", "mohamed", "mohammed", "mohamud", "moreau", "mousavi", "muhammad", "muller", "musa", "mustafa", "nasser",
    "ndiaye", "nguyen", "omar", "ouattara", "ouedraogo", "park", "patel", "perez", "petrov", "popov", "qureshi", "rahman", "ramirez", "rashid", "rezaei",
    "rodriguez", "romano", "rossi", "russo", "saad", "sahin", "said", "salem", "saleh", "salih", "sall", "sanchez", "santos", "schmidt", "shah", "sharif",
    "sharma", "shevchenko", "silva", "simon", "singh", "smirnov", "smith", "sow", "taylor", "tkachenko", "torres", "toure", "traore", "tran", "umar",
    "wang", "weber", "williams", "wilson", "wu", "yang", "yilmaz", "youssef", "yusuf", "zakharchenko", "zhang", "zhao", "zhou",
];

#[test]
fn no_person_is_known_by_a_common_name_alone() {
    let mut bad = Vec::new();
    for (_, p) in of_type(EntityType::Person) {
        for n in &p.names_lc {
            let bare = n.trim_start_matches("al-").trim_start_matches("el-");
            if !n.contains(' ') && COMMON_NAMES.contains(&bare) {
                bad.push(format!("{} as {n:?}", p.ent.label));
            }
        }
    }
    assert!(bad.is_empty(), "people known by a name many share:\n{}", bad.join("\n"));
}

#[test]
fn leaders_forces_are_their_groups_and_states() {
    assert_eq!(mentioned("Hemedti's fighters shelled the camp."), ["Rapid Support Forces"]);
    assert_eq!(mentioned("Forces loyal to Mazloum Abdi advanced."), ["Syrian Democratic Forces"]);
    assert_eq!(mentioned("Assad's forces retook the town."), ["Syria"]);
}

#[test]
fn generated_files_are_current() {
    // the generator is Python: where no python3 is installed, the check cannot run (README's
    // two commands need only the Rust toolchain)
    let Ok(probe) = Command::new("python3").arg("--version").output() else {
        eprintln!("python3 not found: generated ontology not compared with tools/*.tsv");
        return;
    };
    assert!(probe.status.success());
    let dir = std::env::temp_dir().join(format!("newsgraph-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new("python3").current_dir(repo()).args(["tools/gen_ontology.py", "--out"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "tools/gen_ontology.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    for f in ["countries.ttl", "actors.ttl"] {
        let fresh = std::fs::read_to_string(dir.join(f)).unwrap();
        let shipped = std::fs::read_to_string(repo().join("ontology").join(f)).unwrap();
        assert!(fresh == shipped, "ontology/{f} is not what tools/gen_ontology.py makes of tools/*.tsv: run it");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The ttl block (subject and its properties, up to the final " .") of the entity with this preferred label.
fn block<'a>(ttl: &'a str, label: &str) -> &'a str {
    let pref = format!("skos:prefLabel \"{label}\"@en");
    ttl.split(" .\n").find(|b| b.contains(&pref)).unwrap_or_else(|| panic!("no entity has the preferred label {label:?}"))
}

#[test]
fn heads_of_state_and_government_head_their_states() {
    let ttl = std::fs::read_to_string(repo().join("ontology/actors.ttl")).unwrap();
    for (person, country) in [
        ("Emmanuel Macron", "france"),
        ("Felix Tshisekedi", "drc"),
        ("Abiy Ahmed", "ethiopia"),
        ("Vladimir Putin", "russia"),
        ("Volodymyr Zelensky", "ukraine"),
        ("Abdel Fattah al-Burhan", "sudan"),
        // rival governments' prime ministers, a junta's leader, a former head now at the UN
        ("Fayez al-Serraj", "libya"),
        ("Abdourahamane Tchiani", "niger"),
        ("Antonio Guterres", "portugal"),
        ("Michelle Bachelet", "chile"),
    ] {
        let b = block(&ttl, person);
        assert!(b.contains(&format!("ng:headOf ent:{country}")), "{person} heads {country}:\n{b}");
        assert!(b.contains(&format!("ng:country ent:{country}")), "{person} is of {country}:\n{b}");
    }
    // a minister, a rebel leader and a UN envoy head no state
    for person in ["Sergei Lavrov", "Mohamed Hamdan Dagalo", "Hans Grundberg"] {
        assert!(!block(&ttl, person).contains("ng:headOf"), "{person} heads no state");
    }
    let heads = ttl.matches("ng:headOf ent:").count();
    assert!(heads >= 1100, "{heads} headOf links");
    // every state has its heads since 2010, but San Marino (two Captains Regent every six months)
    let headed: std::collections::HashSet<&str> =
        ttl.split("ng:headOf ent:").skip(1).map(|s| s.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap()).collect();
    let countries = std::fs::read_to_string(repo().join("ontology/countries.ttl")).unwrap();
    let unheaded: Vec<&str> = countries
        .lines()
        .filter_map(|l| l.strip_prefix("ent:").and_then(|l| l.split_once(" a ng:Country ")).map(|(c, _)| c))
        .filter(|c| !headed.contains(c) && *c != "san_marino")
        .collect();
    assert!(unheaded.is_empty(), "states no one heads: {unheaded:?}");
}

#[test]
fn the_generator_refuses_heads_of_what_is_not_a_state() {
    let Ok(probe) = Command::new("python3").arg("--version").output() else {
        eprintln!("python3 not found: the generator's checks not run");
        return;
    };
    assert!(probe.status.success());
    let dir = std::env::temp_dir().join(format!("newsgraph-heads-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tools")).unwrap();
    std::fs::create_dir_all(dir.join("ontology")).unwrap();
    for f in ["gen_ontology.py", "countries.tsv"] {
        std::fs::copy(repo().join("tools").join(f), dir.join("tools").join(f)).unwrap();
    }
    let gen = |row: &str| {
        let table = std::fs::read_to_string(repo().join("tools/actors.tsv")).unwrap();
        std::fs::write(dir.join("tools/actors.tsv"), format!("{table}\n{row}\n")).unwrap();
        Command::new("python3").current_dir(&dir).args(["tools/gen_ontology.py", "--out", "ontology"]).output().unwrap()
    };
    // the United Nations, a capital and a town are not states
    for target in ["un", "place_tripoli", "place_ajdabiya"] {
        let out = gen(&format!("test_head\tPerson\tTest Head Of Nothing\t\t\theads={target}\t"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "heads={target} accepted");
        assert!(err.contains(&format!("heads={target}: not a Country")), "heads={target}:\n{err}");
    }
    let out = gen("test_head\tPerson\tTest Head Of France\t\t\tcountry=france;heads=france\t");
    assert!(out.status.success(), "heads=france refused:\n{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}
