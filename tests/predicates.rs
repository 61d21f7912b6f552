//! Every predicate on short sentences written for these tests (none from the bundled
//! articles), with passive and negated forms, through the library as a caller would use it.

use std::sync::LazyLock;

use newsgraph::{extract, Article, FactObject, Knowledge};

static K: LazyLock<Knowledge> = LazyLock::new(|| Knowledge::load(&Knowledge::default_dir()).unwrap());

fn facts(text: &str) -> Vec<(String, String, String)> {
    let a = Article::from_text("t", text);
    extract(&a, &K)
        .facts
        .into_iter()
        .map(|f| (f.subject.map(|e| e.label).unwrap_or_default(), f.predicate.name().to_string(), match f.object {
            FactObject::Entity(e) => e.label,
            FactObject::Count(n) => n.to_string(),
        }))
        .collect()
}

fn has(text: &str, s: &str, p: &str, o: &str) {
    let f = facts(text);
    assert!(f.iter().any(|(fs, fp, fo)| fs == s && fp == p && fo == o), "expected {s} {p} {o} in {text:?}, got {f:?}");
}

fn lacks(text: &str, p: &str) {
    let f = facts(text);
    assert!(!f.iter().any(|(_, fp, _)| fp == p), "expected no {p} in {text:?}, got {f:?}");
}

#[test]
fn leads() {
    has("The Houthis, led by Abdul-Malik al-Houthi, rejected the plan.", "Abdul-Malik al-Houthi", "leads", "Houthis");
    has("Turkish President Recep Tayyip Erdogan spoke on Monday.", "Recep Tayyip Erdogan", "leads", "Turkey");
    has("NATO Secretary-General Jens Stoltenberg visited Kyiv.", "Jens Stoltenberg", "leads", "NATO");
    has("Mohamed Hamdan Dagalo, the commander of the Rapid Support Forces, said the war would go on.", "Mohamed Hamdan Dagalo", "leads", "Rapid Support Forces");
    lacks("Former President Barack Obama gave a speech.", "leads");
}

#[test]
fn member_of() {
    has("Iranian Foreign Minister Hossein Amir-Abdollahian arrived in Damascus.", "Hossein Amir-Abdollahian", "memberOf", "Iran");
    has("The EU's foreign-policy chief, Josep Borrell, urged restraint.", "Josep Borrell", "memberOf", "European Union");
    has("The Arab League, which is composed of Egypt, Jordan and Iraq among others, met.", "Jordan", "memberOf", "Arab League");
}

#[test]
fn supports_active_passive_compound_and_negated() {
    has("Iran backs the Houthis.", "Iran", "supports", "Houthis");
    has("The Houthis are supported by Iran and Hezbollah.", "Hezbollah", "supports", "Houthis");
    has("The Iran-backed Houthis fired missiles.", "Iran", "supports", "Houthis");
    has("Turkey, a key supporter of the Government of National Accord, sent drones.", "Turkey", "supports", "Government of National Accord");
    lacks("Egypt said it was not backing the Rapid Support Forces.", "supports");
    has("Egypt said it was not backing the Rapid Support Forces.", "Egypt", "deniesSupporting", "Rapid Support Forces");
    lacks("Russia could back Haftar if asked.", "supports");
}

#[test]
fn allied_and_opposes() {
    has("Hezbollah is allied with Iran.", "Hezbollah", "alliedWith", "Iran");
    has("Clashes between the Rapid Support Forces and the Sudanese Armed Forces killed dozens.", "Rapid Support Forces", "opposes", "Sudanese Armed Forces");
    has("The Sudanese Armed Forces launched an offensive against the Rapid Support Forces in Omdurman.", "Sudanese Armed Forces", "opposes", "Rapid Support Forces");
}

#[test]
fn urges_calls_for_rejects() {
    has("The African Union called on the Rapid Support Forces to lay down their arms.", "African Union", "urges", "Rapid Support Forces");
    has("The African Union called for an immediate ceasefire.", "African Union", "callsFor", "Ceasefire");
    has("Germany urged a return to peace talks.", "Germany", "callsFor", "PoliticalSolution");
    has("The Houthis rejected the truce.", "Houthis", "rejects", "Ceasefire");
    lacks("The Houthis did not reject the truce.", "rejects");
    has("The Houthis refused to sign the ceasefire.", "Houthis", "rejects", "Ceasefire");
}

#[test]
fn condemns_and_met_with() {
    has("France condemned the offensive by the Rapid Support Forces.", "France", "condemns", "Rapid Support Forces");
    has("Qatar accused Israel of violating the truce.", "Qatar", "condemns", "Israel");
    has("Erdogan met with Putin in Sochi.", "Recep Tayyip Erdogan", "metWith", "Vladimir Putin");
}

#[test]
fn attacked_captured_withdrew() {
    has("The Houthis launched an assault on Marib.", "Houthis", "attacked", "Marib");
    has("The Taliban seized the city of Kunduz.", "Taliban", "captured", "Kunduz");
    lacks("The Taliban failed to take the city of Kunduz.", "captured");
    lacks("The Taliban threatened to take the city of Kunduz.", "captured");
    has("Italy withdrew its diplomats from Sudan.", "Italy", "withdrewFrom", "Sudan");
    lacks("Italian diplomats were withdrawn by the ministry.", "withdrewFrom");
}

#[test]
fn casualty_figures_with_reporter() {
    has("At least 40 people were killed and 120 wounded, the World Health Organization said.", "World Health Organization", "killed", "40");
    has("At least 40 people were killed and 120 wounded, the World Health Organization said.", "World Health Organization", "wounded", "120");
    has("The fighting has displaced more than 3,500 people, according to the International Organization for Migration.", "International Organization for Migration", "displaced", "3500");
    has("Rebels took 60 soldiers prisoner.", "", "prisoners", "60");
}

#[test]
fn unknown_organizations_keep_their_demonym() {
    has("Turkey backs the Syrian National Army.", "Turkey", "supports", "Syrian National Army");
    has("Clashes between the Syrian National Army and the Syrian Democratic Forces continued.", "Syrian National Army", "opposes", "Syrian Democratic Forces");
}

#[test]
fn metonymy_and_coreference() {
    has("Moscow backs Haftar.", "Russia", "supports", "Khalifa Haftar");
    has("The Kremlin denied helping the Wagner Group.", "Russia", "deniesSupporting", "Wagner Group");
    has("The UN Security Council met on Friday. The council called for a truce.", "UN Security Council", "callsFor", "Ceasefire");
}

#[test]
fn more_constructions_of_news_english() {
    has("Hezbollah leader Hassan Nasrallah spoke on Friday.", "Hassan Nasrallah", "leads", "Hezbollah");
    has("Turkey's military support for the Government of National Accord grew.", "Turkey", "supports", "Government of National Accord");
    has("The Wagner Group's backers, including Russia, denied it.", "Russia", "supports", "Wagner Group");
    has("Tripoli came under shelling by the Libyan National Army.", "Libyan National Army", "attacked", "Tripoli");
    has("The Houthis and Saudi Arabia clashed again.", "Houthis", "opposes", "Saudi Arabia");
    has("The Taliban's capture of Kunduz shocked Kabul.", "Taliban", "captured", "Kunduz");
    has("Erdogan and Putin met in Sochi.", "Recep Tayyip Erdogan", "metWith", "Vladimir Putin");
    has("The Netherlands pulled its troops out of Afghanistan.", "Netherlands", "withdrewFrom", "Afghanistan");
    has("The blast left 14 people dead.", "", "killed", "14");
    has("The shelling forced 3,000 people to flee.", "", "displaced", "3000");
}

#[test]
fn an_intended_attack_is_a_stance_not_an_attack() {
    let text = "Al-Shabaab stated its intention to keep launching attacks on Kenya.";
    lacks(text, "attacked");
    has(text, "al-Shabaab", "opposes", "Kenya");
    // a mere possibility is neither
    let text = "Egypt could launch strikes on Libya.";
    lacks(text, "attacked");
    lacks(text, "opposes");
}

#[test]
fn a_head_of_state_title_alone_names_the_state_the_knowledge_gives() {
    has("President Emmanuel Macron said the troops would leave.", "Emmanuel Macron", "leads", "France");
    has("Prime Minister Abiy Ahmed declared victory.", "Abiy Ahmed", "leads", "Ethiopia");
    // a former head, a deputy, another title, someone who headed no state: no fact
    lacks("Former President Olusegun Obasanjo led the talks in Pretoria.", "leads");
    lacks("Vice President Kamala Harris spoke in Munich.", "leads");
    lacks("Secretary-General Antonio Guterres urged calm.", "leads");
    lacks("Chairman Moussa Faki Mahamat spoke in Addis Ababa.", "leads");
    // a minister's title alone: a member of the state the knowledge gives as the person's
    has("Foreign Minister Sergei Lavrov spoke in Moscow.", "Sergei Lavrov", "memberOf", "Russia");
    // described, not titled: the article may mean a rival government's minister
    lacks("The talks were led by the Tripoli-based interior minister, Fathi Bashagha, on Monday.", "memberOf");
}

#[test]
fn the_army_is_the_army_named_before() {
    has("The Sudanese Armed Forces deployed in Omdurman on Monday. The army defeated the Rapid Support Forces there.", "Sudanese Armed Forces", "opposes", "Rapid Support Forces");
    // "the military offensive": a modifier, not the army
    lacks("The Libyan National Army moved its headquarters. The United Nations condemned the military offensive.", "condemns");
}

#[test]
fn lists_and_bodies_do_not_leak_into_other_clauses() {
    // the head of a body an organization names does not lead the organization (he leads the body)
    let f = facts("The accord was initialled, said Thabo Mbeki, head of the African Union mediation team, in Nairobi.");
    assert!(!f.iter().any(|(_, p, o)| p == "leads" && o == "African Union"), "{f:?}");
    // a person leads; the organization listed after belongs to the next clause
    let f = facts("The war broke out between the Ethiopian National Defense Force, led by Abiy Ahmed, and the Tigray People's Liberation Front, loyal to Debretsion Gebremichael.");
    assert!(f.iter().any(|(s, p, o)| s == "Abiy Ahmed" && p == "leads" && o == "Ethiopia"), "{f:?}");
    assert!(!f.iter().any(|(s, p, _)| s == "Tigray People's Liberation Front" && p == "leads"), "{f:?}");
    // "but" ends the clause a subject reaches across
    lacks("The strikes did not target the Islamic State group, but other groups fighting against the Syrian army.", "opposes");
}

#[test]
fn rejected_accusations_are_denials_not_support() {
    has("Iran dismissed accusations of arming the Houthis.", "Iran", "deniesSupporting", "Houthis");
    has("Iran rejected claims that it was arming the Houthis.", "Iran", "deniesSupporting", "Houthis");
    lacks("Iran rejected claims that it was arming the Houthis.", "supports");
}

#[test]
fn coalition_forces_are_the_coalition_named_before() {
    has("The Saudi-led coalition entered the war in 2015. Coalition forces asked the Southern Transitional Council to withdraw from Aden.", "Saudi-led coalition", "urges", "Southern Transitional Council");
}

/// Every fact read from real text (the bundled corpus, `../shared/dev`, the held-out fixtures)
/// carries a reading (rule and confidence) the ontology graph lists: the store describes each
/// reading once there instead of in every fact (`rdf::Readings`).
#[test]
fn every_fact_reading_is_listed_for_the_ontology_graph() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readings = K.readings();
    assert!(readings.len() > 100, "{} readings", readings.len());
    let mut checked = 0;
    for dir in ["corpus", "../shared/dev/corpus", "tests/fixtures/heldout"] {
        let (articles, _) = newsgraph::corpus::read_corpus(&root.join(dir)).unwrap();
        for a in &articles {
            for f in extract(a, &K).facts {
                let c = newsgraph::rdf::confidence_literal(f.confidence);
                assert!(readings.contains(&f.rule, &c), "{} at {c} ({}: {:?}) is not a listed reading", f.rule, a.id, f.sentence);
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked} facts checked");
}

#[test]
fn the_city_is_the_town_named_before() {
    has("Fighting reached Afrin on Sunday. Turkish troops seized control of the northern city.", "Turkey", "captured", "Afrin");
    // a region named in between is not the town
    has("The mayor of Bunagana in North Kivu province said the M23 had taken control of the town.", "M23", "captured", "Bunagana");
    // "the city of X" names X itself
    let f = facts("Fighting reached Afrin on Sunday. The Houthis seized the city of Taiz.");
    assert!(!f.iter().any(|(_, p, o)| p == "captured" && o == "Afrin"), "{f:?}");
}

#[test]
fn both_sides_are_the_pair_named_before() {
    let text = "Talks between Ethiopia and the Tigray People's Liberation Front started in Pretoria. The African Union urged both parties to engage in the talks.";
    has(text, "African Union", "urges", "Ethiopia");
    has(text, "African Union", "urges", "Tigray People's Liberation Front");
    has("The war between Ethiopia and the Tigray People's Liberation Front went on. The two sides accused each other of violations.", "Ethiopia", "condemns", "Tigray People's Liberation Front");
    // no pair named: no referent
    lacks("Saudi Arabia urged both parties to engage in talks.", "urges");
}

#[test]
fn a_list_or_a_possessor_does_not_run_into_the_next_name() {
    let f = facts("Analysts say both leaders are supported by foreign powers, with neighbouring Turkey backing Fayez al-Serraj and the United Arab Emirates providing support for Khalifa Haftar.");
    assert!(f.iter().any(|(s, p, o)| s == "Turkey" && p == "supports" && o == "Fayez al-Serraj"), "{f:?}");
    assert!(!f.iter().any(|(s, p, o)| s == "Turkey" && p == "supports" && o == "United Arab Emirates"), "{f:?}");
    let f = facts("Russian troops launched an assault on Ukraine's eastern city of Kharkiv.");
    assert!(!f.iter().any(|(_, p, o)| p == "attacked" && o == "Ukraine"), "{f:?}");
}

#[test]
fn an_unhyphenated_backer_is_not_the_actor() {
    let f = facts("Congo: Rwanda backed rebel fighters take control of Goma");
    assert!(!f.iter().any(|(s, p, _)| s == "Rwanda" && p == "captured"), "{f:?}");
}

#[test]
fn a_title_after_a_possessive_pronoun_makes_a_member() {
    has("Antonio Guterres urged calm, his spokesman Stephane Dujarric said on Sunday.", "Stephane Dujarric", "memberOf", "Antonio Guterres");
    // after a description's possessive; a deputy is a member, a leader leads
    has("The Houthis said the group's deputy leader, Abdulmalik al-Ajri, had left Muscat.", "Abdulmalik al-Ajri", "memberOf", "Houthis");
    has("Hezbollah said the group's leader, Hassan Nasrallah, would speak.", "Hassan Nasrallah", "leads", "Hezbollah");
    lacks("Hezbollah said the group's former leader, Subhi al-Tufayli, would speak.", "leads");
}

#[test]
fn a_subject_after_a_fronted_phrase_is_the_verb_subject() {
    // the parser hangs "the rebel group M23" from "claims" as an apposition
    has("In response to the government's claims, the rebel group M23 also alleged attacking a Burundian army convoy near Uvira.", "M23", "attacked", "Burundi");
}

#[test]
fn an_army_chief_leads_the_army_named_before() {
    has("The Sudanese Armed Forces fought the Rapid Support Forces. Army chief Abdel Fattah al-Burhan vowed to win.", "Abdel Fattah al-Burhan", "leads", "Sudanese Armed Forces");
    lacks("The Sudanese Armed Forces fought on. Former army chief Ahmed Awad Ibn Auf spoke.", "leads");
}

#[test]
fn a_known_person_in_another_transliteration_is_that_person() {
    // vowels and doubled letters aside, the knowledge's "Mohammad Reza Ashtiani"; later, his surname
    has("Iran's defence minister, Mohamad Reza Ashtiani, arrived in Moscow on Monday. Ashtiani met Vladimir Putin.", "Mohammad Reza Ashtiani", "metWith", "Vladimir Putin");
    has("Iran's defence minister, Mohamad Reza Ashtiani, arrived in Moscow on Monday.", "Mohammad Reza Ashtiani", "memberOf", "Iran");
}

#[test]
fn an_absolute_clause_has_its_own_subject() {
    // "with Iran providing support for X": Iran supports X, not the object before it
    has("Russia backs Assad, with Iran providing support for Hezbollah.", "Iran", "supports", "Hezbollah");
    has("Russia backs Assad, with Iran providing support for Hezbollah.", "Russia", "supports", "Bashar al-Assad");
    assert!(!facts("Russia backs Assad, with Iran providing support for Hezbollah.").iter().any(|(s, p, _)| s == "Bashar al-Assad" && p == "supports"));
    assert!(!facts("Iran is backing the Houthis and Saudi Arabia providing support for Hadi.").iter().any(|(s, p, _)| s == "Houthis" && p == "supports"));
    // "with the support of X" is no new clause
    has("Turkey, with the support of Qatar, attacked the Kurdish YPG.", "Turkey", "attacked", "YPG");
}

#[test]
fn loyalist_forces_are_the_government_s() {
    has("Yemeni loyalist forces, backed by Saudi Arabia, attacked Hodeidah in Yemen, the government said.", "Saudi Arabia", "supports", "Yemeni government");
    assert!(!facts("Yemeni loyalist forces, backed by Saudi Arabia, attacked Hodeidah in Yemen, the government said.").iter().any(|(s, p, _)| s == "Saudi Arabia" && p == "attacked"));
}

#[test]
fn a_title_apposition_does_not_hide_the_subject() {
    // "X, ORG's chairman, called on A and B, C, to cease hostilities"
    has("Moussa Faki Mahamat, the African Union Commission's chairman, called on Ethiopia and the Tigray People's Liberation Front, the TPLF, to immediately cease hostilities.", "Moussa Faki Mahamat", "callsFor", "Ceasefire");
    has("The African Union called on Ethiopia and the TPLF to cease hostilities.", "African Union", "callsFor", "Ceasefire");
}

#[test]
fn a_body_named_after_its_organization_is_its_own_actor() {
    has("The accord was initialled, said Thabo Mbeki, head of the African Union mediation team, in Nairobi.", "Thabo Mbeki", "leads", "African Union mediation team");
    lacks("The accord was initialled, said Thabo Mbeki, head of the African Union mediation team, in Nairobi.", "memberOf");
}

#[test]
fn the_junta_is_the_scene_s_state_unless_one_was_named() {
    has("Burkina Faso's army fought jihadists in Burkina Faso. The junta, led by Captain Ibrahim Traore, expelled French troops.", "Ibrahim Traore", "leads", "Burkina Faso");
}

#[test]
fn a_subordinate_clause_read_as_a_prepositional_phrase_keeps_its_subject() {
    // "after Ukrainian troops ... drove out Russian forces to seize control of the city"
    let text = "Ukraine's flag was flying in Kherson on Friday after Ukrainian troops and local partisans drove out Russian forces to seize control of the southern city.";
    has(text, "Ukraine", "captured", "Kherson");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Russia" && p == "captured"), "{:?}", facts(text));
}

#[test]
fn condemning_the_attack_condemns_its_attackers() {
    let text = "Boko Haram fighters stormed a Nigerian army base in Borno on Tuesday. The Nigerian government and the African Union condemned the \"cowardly\" attack.";
    has(text, "African Union", "condemns", "Boko Haram");
    lacks("Boko Haram fighters stormed a Nigerian army base in Borno on Tuesday. The African Union did not condemn the attack.", "condemns");
    // no attack read before: nothing to condemn
    lacks("The African Union condemned the attack in Borno.", "condemns");
}

#[test]
fn members_in_apposition_and_in_a_parenthesised_list() {
    has("Qatar, an OPEC member, said it would pay.", "Qatar", "memberOf", "OPEC");
    let f = facts("The envoys thanked the Troika countries (the United States, Britain and Norway) for their support.");
    for member in ["United States", "United Kingdom", "Norway"] {
        assert!(f.iter().any(|(s, p, o)| s == member && p == "memberOf" && o == "Troika"), "{member}: {f:?}");
    }
    has("Envoys from the Joint Mechanism (the African Union, IGAD and the United Nations) met in Juba.", "IGAD", "memberOf", "Joint Mechanism");
    // one name in brackets is an acronym, not a member
    lacks("The Islamic State West Africa Province (ISWAP) attacked Maiduguri.", "memberOf");
}

#[test]
fn a_second_absolute_clause_is_not_the_first_verb_s_object() {
    // the parser joins "Russia" to "the GNA"; Russia starts its own clause
    let text = "The war has drawn in foreign powers, with Turkey backing the GNA and Russia providing support for Haftar.";
    has(text, "Russia", "supports", "Khalifa Haftar");
    assert!(!facts(text).iter().any(|(s, p, o)| s == "Turkey" && p == "supports" && o == "Russia"), "{:?}", facts(text));
}

#[test]
fn a_coalition_of_named_forces_acts_through_its_members() {
    let text = "Fighting reached Raqqa in May. A coalition of YPG fighters, Arab tribal units and Christian militias launched the offensive to recapture the city in June.";
    has(text, "YPG", "attacked", "Raqqa");
    lacks(text, "captured");
}

#[test]
fn the_backed_militants_are_the_armed_group_named_before() {
    has("Hezbollah fired rockets at Israel. Israel struck Tyre, retaliating for a drone attack on Haifa by the Iran-backed militants.", "Hezbollah", "attacked", "Haifa");
}

#[test]
fn supporting_the_strikes_supports_their_attackers() {
    let text = "France and Britain carried out strikes against Islamic State targets in Syria overnight. Officials said the strikes were conducted with support from Jordan and Australia.";
    has(text, "France", "attacked", "Islamic State");
    has(text, "Jordan", "supports", "France");
    has(text, "Australia", "supports", "United Kingdom");
    lacks("Officials said the strikes were conducted with support from Jordan and Australia.", "supports");
}

#[test]
fn a_relative_clause_s_agent_is_not_the_main_verb_s_subject() {
    // "X, who are backed by Y, captured Z": X captured Z, Y backs X and captured nothing
    let text = "The Houthis, who are backed by Iran, captured the town of Marib.";
    has(text, "Houthis", "captured", "Marib");
    has(text, "Iran", "supports", "Houthis");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Iran" && p == "captured"), "{:?}", facts(text));
    // fighting alongside someone is no fight against them
    lacks("Chechen units have fought alongside Russian troops since 2022.", "opposes");
}

#[test]
fn a_subordinate_clause_has_its_own_subject() {
    // "X fled to Y after rebels took Z": the rebels took Z, not X (nor Y)
    let text = "Former Syrian president Bashar al-Assad fled to Moscow after rebels took Damascus.";
    lacks(text, "captured");
    // "neither X nor Y has agreed": a negation before the subject
    lacks("Neither Armenia nor Azerbaijan has agreed to a ceasefire.", "callsFor");
    // a fronted "after" phrase set off by commas does not hide the subject
    has("The Taliban, after a week-long siege, took Kunduz.", "Taliban", "captured", "Kunduz");
}

#[test]
fn the_scene_s_own_state_acts_through_its_strikes_and_border_forces() {
    // in a story set in one country, its demonym before a strike or a state force is the state
    has("The UN condemned the Israeli strike.", "United Nations", "condemns", "Israel");
    has("Clashes erupted between Pakistani and Afghan border forces near Torkham.", "Pakistan", "opposes", "Afghanistan");
    // two sides fighting each other, with the tense in any form
    has("The Houthis and the Saudi-led coalition have been fighting since 2015.", "Houthis", "opposes", "Saudi-led coalition");
}

#[test]
fn a_participle_phrase_between_commas_does_not_take_the_subject() {
    let text = "Iraqi security forces, backed by US air power, recaptured Ramadi from Islamic State militants.";
    has(text, "Iraq", "captured", "Ramadi");
    has(text, "Iraq", "opposes", "Islamic State");
    has(text, "United States", "supports", "Iraq");
    // killing a group's fighters or commander attacks the group
    has("A US drone strike killed an al-Shabaab commander near Jilib.", "United States", "attacked", "al-Shabaab");
}

#[test]
fn a_general_staff_is_no_person() {
    // "General" is a title, but "the General Staff" is the state's military command
    lacks("The Ukrainian General Staff said its forces had retaken two villages near Kupiansk.", "memberOf");
}

#[test]
fn an_ally_named_after_its_partner_s_possessive() {
    has("Azerbaijan's ally Turkey supplied drones during the war.", "Turkey", "alliedWith", "Azerbaijan");
    has("Moscow's closest ally, Belarus, hosted the talks.", "Belarus", "alliedWith", "Russia");
    // aid given with an amount in front of it
    has("The United States has provided Ukraine with more than $60 billion in military aid.", "United States", "supports", "Ukraine");
}

#[test]
fn where_an_object_is_is_not_the_object() {
    // "forces in Syria, supported by X": Syria is where the forces are, not whom X supports
    let text = "Kurdish-led forces in Syria, supported by a US-led coalition, drove Islamic State out of Raqqa.";
    assert!(!facts(text).iter().any(|(_, p, o)| p == "supports" && o == "Syria"), "{:?}", facts(text));
}

#[test]
fn proxies_are_backed_and_a_welcomed_truce_is_called_for() {
    has("Iran's proxies in Iraq, including Kataib Hezbollah, have attacked US bases.", "Iran", "supports", "Kataib Hezbollah");
    has("The Houthis welcomed the truce.", "Houthis", "callsFor", "Ceasefire");
    lacks("The Houthis did not welcome the truce.", "callsFor");
}

#[test]
fn a_fronted_clause_keeps_its_own_nouns() {
    // the subordinate clause's object is not listed with, nor taken for, the main subject
    let text = "After Turkish troops and rebels chased out the YPG, Turkey seized Afrin.";
    has(text, "Turkey", "captured", "Afrin");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "YPG" && p == "captured"), "{:?}", facts(text));
    // nor is the next clause's subject the last object of a list joined by a comma alone
    let text = "As Russian forces advanced on Pokrovsk, Ukraine sent reinforcements.";
    has(text, "Russia", "attacked", "Pokrovsk");
    assert!(!facts(text).iter().any(|(_, p, o)| p == "attacked" && o == "Ukraine"), "{:?}", facts(text));
}

#[test]
fn a_subordinator_read_as_a_preposition_still_opens_a_clause() {
    // "after Hezbollah fired": the parser hangs "after Hezbollah" from "Monday"
    let text = "Israel struck targets in southern Lebanon on Monday after Hezbollah fired a barrage of rockets at northern Israel, the Israeli military said.";
    has(text, "Hezbollah", "attacked", "Israel");
}

#[test]
fn the_head_of_a_body_of_an_actor_is_its_member() {
    has("The head of Ukraine's military intelligence, Kyrylo Budanov, said the strike hit a Russian base.", "Kyrylo Budanov", "memberOf", "Ukraine");
    // a rebel faction of a country is no body of its state
    lacks("The leader of Myanmar's biggest rebel faction, Twan Mrat Naing, spoke.", "memberOf");
}

#[test]
fn an_apposition_s_qualifier_and_a_hyphenated_modifier_are_no_arguments() {
    // "Turkey, a NATO member, has sent": Turkey sends, not NATO
    let text = "Turkey, a NATO member, has sent weapons to Ukraine.";
    has(text, "Turkey", "supports", "Ukraine");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "NATO" && p == "supports"), "{:?}", facts(text));
    // "Saudi-backed forces and the UAE-backed STC": the UAE qualifies the STC, Saudi Arabia
    // does not back it
    let text = "Saudi-backed government forces and the UAE-backed Southern Transitional Council clashed in Aden.";
    has(text, "United Arab Emirates", "supports", "Southern Transitional Council");
    assert!(!facts(text).iter().any(|(s, p, o)| s == "Saudi Arabia" && p == "supports" && o == "United Arab Emirates"), "{:?}", facts(text));
    // "Mozambican and Rwandan troops": both states act, the scene's own too
    has("Mozambican and Rwandan troops recaptured the port town of Mocimboa da Praia from insurgents.", "Mozambique", "captured", "Mocimboa da Praia");
}

#[test]
fn two_subjects_joined_by_and_act_together() {
    // the parser hangs "the Sudanese army" from "militias" as its subject
    has("The Sudanese army and allied militias launched an offensive to retake Khartoum.", "Sudanese Armed Forces", "attacked", "Khartoum");
}

#[test]
fn nominal_events_read_their_actor_through_a_plural_possessive_or_a_compound() {
    has("The Tigray Defence Forces' recapture of Mekelle surprised the government.", "Tigray Defense Forces", "captured", "Mekele");
    has("An Israeli ground offensive in Rafah began in May.", "Israel", "attacked", "Rafah");
}

/// Misreadings of the parser with word clusters, each mended by a parse repair or a path
/// (sentences written for this test, about other wars than the dev set's).
#[test]
fn the_clustered_parser_s_misreadings_are_mended() {
    // a possessive taken for a second subject
    has("Russia's Wagner Group captured Bakhmut after months of fighting.", "Wagner Group", "captured", "Bakhmut");
    let text = "Haftar's Libyan National Army launched an offensive on Tripoli in April 2019.";
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Khalifa Haftar" && p == "attacked"), "{:?}", facts(text));
    // a quotation taken for a second subject of "said"
    has("Zelensky spoke in Kyiv. “We will not give up, not one metre,” he said, and called on NATO to send more air defence.", "Volodymyr Zelensky", "urges", "NATO");
    // a singular relative clause belongs to the last name of the list before it
    let text = "Both Fayez al-Sarraj and his rival Khalifa Haftar, who commands the Libyan National Army, are backed by foreign powers.";
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Fayez al-Serraj" && p == "leads"), "{:?}", facts(text));
    // a participle with a "by" agent, and its "on" target
    has("Twelve civilians died as a result of an air strike carried out by Russian forces on the city of Kharkiv.", "Russia", "attacked", "Kharkiv");
    // a noun phrase joined to the verb's object, not to the verb
    has("Hamas fighters overran the army base and much of Sderot.", "Hamas", "captured", "Sderot");
    // a name root whose verb hangs from its apposition
    has("Antonio Guterres, the UN Secretary-General, recently called on Israel and Hamas to agree to a ceasefire.", "Antonio Guterres", "urges", "Hamas");
    // a fronted prepositional phrase taken for the root
    has("In the early hours, Israeli jets flying over the sea struck Hezbollah positions in southern Lebanon.", "Israel", "attacked", "Hezbollah");
    // a "for" phrase's infinitive belongs to the noun ("a call for X to do")
    has("Qatar backed Antony Blinken's call for Hamas to release the hostages.", "Antony Blinken", "urges", "Hamas");
    // a modal on the verb that controls the trigger blocks it, as one on the trigger does
    lacks("Analysts said Iran could try to arm the Houthis with longer-range missiles.", "supports");
    // "would keep backing": what goes on is already happening
    has("NATO's chief said the alliance would keep supporting Ukraine.", "NATO", "supports", "Ukraine");
    // an object relative clause belongs to the nearest noun before its comma
    has("There were reports of shelling in Ukraine’s port city Mariupol, which Russian forces seized in May 2022.", "Russia", "captured", "Mariupol");
    // a reduced relative on the root's last conjunct
    has("A coalition of Kenyan troops, Somali police and clan militias launched an offensive against al-Shabaab in Lower Shabelle.", "Kenya", "attacked", "al-Shabaab");
}

/// "X and Y fought Z" is a fight against Z, not between X and Y; "X and Y fought a war" and
/// "X and Y clashed on the border" are.
#[test]
fn two_subjects_fighting_a_third_are_not_fighting_each_other() {
    let text = "Ethiopian troops and Eritrean forces fought the Tigray People's Liberation Front.";
    has(text, "Ethiopia", "opposes", "Tigray People's Liberation Front");
    assert!(!facts(text).iter().any(|(s, p, o)| s == "Ethiopia" && p == "opposes" && o == "Eritrea"), "{:?}", facts(text));
    has("Armenia and Azerbaijan fought a short war in 2020.", "Armenia", "opposes", "Azerbaijan");
    has("Armenia and Azerbaijan clashed on the border.", "Armenia", "opposes", "Azerbaijan");
}

/// The eight-seed parser's misreadings of other wars' sentences, mended (the repairs'
/// trees are unit-tested in `extract`): absolute "with" clauses hung from a comma or a noun,
/// a relative "that" read as the denial's object, ", killing" hung from the object.
#[test]
fn the_eight_seed_parser_s_misreadings_are_mended() {
    has("A bombing in Mogadishu killed nine people on Friday, with al-Shabaab claiming responsibility.", "al-Shabaab", "attacked", "Mogadishu");
    has("The attack in the town of Djibo was among the deadliest this year, with the Islamic State claiming responsibility.", "Islamic State", "attacked", "Djibo");
    // the clause's own relative pronoun is no object that vetoes the rule; the capital denies
    has("Ethiopia accuses Eritrea of supporting the Fano militia, an allegation that Asmara rejects.", "Eritrea", "deniesSupporting", "Fano");
    has("The Somali army said its forces had repelled an attack near Baidoa, killing 30 al-Shabaab fighters.", "Somalia", "opposes", "al-Shabaab");
    has("Ukrainian troops repelled an assault near Bakhmut, killing 40 Russian soldiers.", "Ukraine", "opposes", "Russia");
}

/// Probes from other wars (Colombia, the Sahel, Nigeria, Mali, Sudan) that read nothing or the
/// wrong actor before.
#[test]
fn other_wars_probes_read_their_actors() {
    // an unknown name with its known abbreviation in brackets is the abbreviation's organization
    let text = "The National Liberation Army (ELN) attacked a military base in Arauca, killing two soldiers.";
    has(text, "ELN", "attacked", "Arauca");
    assert!(facts(text).iter().all(|(s, _, _)| s != "National Liberation Army"), "{:?}", facts(text));
    // a state's ruling body ("X's junta") is the state; a capitalised name after "'s" is a name
    has("Burkina Faso's junta, led by Captain Ibrahim Traore, has turned to Russia for security assistance.", "Ibrahim Traore", "leads", "Burkina Faso");
    let text = "Forces loyal to Libya's Government of National Accord retook full control of Tripoli.";
    has(text, "Government of National Accord", "captured", "Tripoli");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Libya" && p == "captured"), "{:?}", facts(text));
    // overrunning an army's base attacks that army
    has("Fighters from the Islamic State West Africa Province (ISWAP) overran a Nigerian army base in Borno state.", "Islamic State West Africa Province", "attacked", "Nigeria");
    // a demonym inside an apposition describes the name before it
    let text = "The Wagner Group, a Russian mercenary outfit, has fought alongside Malian troops since 2021.";
    has(text, "Wagner Group", "alliedWith", "Mali");
    assert!(!facts(text).iter().any(|(s, p, _)| s == "Russia" && p == "alliedWith"), "{:?}", facts(text));
    // laying down weapons is a ceasefire; "CSP" is the Tuareg alliance
    has("Kenya’s President William Ruto called on the warring sides in Sudan to lay down their weapons.", "William Ruto", "callsFor", "Ceasefire");
    has("Tuareg rebels of the CSP said they had shot down a Malian army drone near Kidal.", "Strategic Framework for the Defence of the People of Azawad", "attacked", "Mali");
    // a sentence whose only verb the parser hung from its subject noun
    has("Russian troops pulled out of Kherson.", "Russia", "withdrewFrom", "Kherson");
    // a capital one withdraws from is a place, not its state
    has("US troops pulled out of Kabul.", "United States", "withdrewFrom", "Kabul");
    // a name that ends a relative clause is not the main verb's subject
    let text = "The Houthis, who control much of northern Yemen, are allied with Iran.";
    has(text, "Houthis", "alliedWith", "Iran");
    assert!(!facts(text).iter().any(|(s, _, _)| s == "Yemen"), "{:?}", facts(text));
    // tanks and shells are arms; warplanes sent somewhere are a deployment
    has("Germany has supplied Leopard tanks to Ukraine.", "Germany", "supports", "Ukraine");
    has("North Korea has sent artillery shells and missiles to Russia, according to South Korean intelligence.", "North Korea", "supports", "Russia");
    lacks("Russia sent warplanes to Syria.", "supports");
    // a peace plan is a political solution
    has("Russia rejected the peace plan proposed by Ukraine.", "Russia", "rejects", "PoliticalSolution");
    // a known name that a longer one ends inside a word of ("Fano militia" in "Fano militiamen")
    has("Fano militiamen attacked federal troops in the town of Gondar on Sunday.", "Fano", "attacked", "Gondar");
    // a known name in the plural is that name ("Rwanda Defence Force" → "Forces")
    has("The envoy of the African Union, Moussa Faki, called on the Rwanda Defence Forces to withdraw.", "Moussa Faki Mahamat", "urges", "Rwanda");
    // a noun before a person's name modifies the name ("Gang leader X")
    has("Gang leader Jimmy Cherizier, known as Barbecue, leads the Viv Ansanm coalition in Port-au-Prince.", "Jimmy Cherizier", "leads", "Viv Ansanm");
    // "a US-brokered ceasefire"
    has("Israel and Hezbollah agreed to a US-brokered ceasefire in November 2024.", "Hezbollah", "callsFor", "Ceasefire");
    // the scene's demonym on targets and positions is the state
    has("The Islamic Resistance in Iraq said it had launched drones at Israeli targets in Eilat.", "Islamic Resistance in Iraq", "attacked", "Israel");
}
