//! The fictional council: its names, its tree (plan, programmes, themes,
//! business units), its milestones and its peers. Every name here is made
//! up; the peers' area codes start with X, which no real ONS code does.

/// The council's slug, name and made-up area code.
pub const COUNCIL_SLUG: &str = "example-borough";
pub const COUNCIL_NAME: &str = "Example Borough Council";
pub const COUNCIL_AREA_CODE: &str = "X07000000";

/// The folder the committed files live in, from the top of the repository.
pub const COMMITTED_FOLDER: &str = "demo/example-borough";
pub const REGENERATE: &str = "cargo run -p outturn-example-gen -- demo/example-borough";

/// The peer councils for benchmarking: "Example Peer District 01" to "20".
pub const PEERS: usize = 20;
pub const PEER_NAME: &str = "Example Peer District";
pub const PEER_CODE_PREFIX: &str = "X07";
/// The peers that are the council's nearest neighbours, by number.
pub const NEAREST_NEIGHBOURS: [usize; 8] = [2, 5, 7, 9, 12, 14, 17, 19];

pub fn peer_code(n: usize) -> String {
    format!("{PEER_CODE_PREFIX}{n:06}")
}

pub fn peer_name(n: usize) -> String {
    format!("{PEER_NAME} {n:02}")
}

pub const NODE_KINDS: &[(&str, &str)] =
    &[("plan", "Plan"), ("programme", "Programme"), ("theme", "Theme"), ("business-unit", "Business Unit")];

/// A node of the tree.
pub struct Node {
    pub key: &'static str,
    pub kind: &'static str,
    pub name: &'static str,
    pub parent: Option<&'static str>,
    pub created: Option<&'static str>,
    pub closed: Option<&'static str>,
    /// Earlier names, each with the last day it was used.
    pub former_names: &'static [(&'static str, &'static str)],
    /// The post that owns the unit's measures (business units only).
    pub officer: Option<&'static str>,
    pub outcomes: &'static [&'static str],
    pub focus: &'static [(&'static str, &'static [&'static str])],
    pub updates: &'static [(&'static str, &'static str)],
    /// A comment written above the node in the framework file.
    pub note: Option<&'static str>,
}

const fn node(key: &'static str, kind: &'static str, name: &'static str, parent: Option<&'static str>) -> Node {
    Node {
        key,
        kind,
        name,
        parent,
        created: None,
        closed: None,
        former_names: &[],
        officer: None,
        outcomes: &[],
        focus: &[],
        updates: &[],
        note: None,
    }
}

const fn unit(key: &'static str, name: &'static str, theme: &'static str, officer: &'static str) -> Node {
    Node { officer: Some(officer), ..node(key, "business-unit", name, Some(theme)) }
}

pub const NODES: &[Node] = &[
    Node {
        created: Some("2020-04-01"),
        outcomes: &[
            "A borough where residents have a decent home, clean streets and a council that lives within its means",
        ],
        ..node("borough-plan", "plan", "Borough Plan", None)
    },
    Node {
        outcomes: &[
            "More affordable homes built in the borough",
            "Fewer households in temporary accommodation",
            "Council homes that are safe, warm and decent",
        ],
        focus: &[
            (
                "2025/26",
                &[
                    "Completing the 48 council homes at Mill Lane",
                    "Buying 20 homes to use as temporary accommodation instead of bed and breakfast",
                    "Meeting the Decent Homes Standard in 97% of council homes",
                ],
            ),
            (
                "2026/27",
                &[
                    "Starting on site at the Northgate Road scheme (36 homes)",
                    "Reducing the number of households in temporary accommodation below 135",
                    "Inspecting every reported case of damp and mould within ten working days",
                ],
            ),
        ],
        updates: &[
            (
                "2026/27-Q1",
                "Planning permission was granted for the Northgate Road scheme in May 2026 and the contractor is being appointed. Eight homes were bought for temporary accommodation in the quarter, taking the total to 17.",
            ),
            (
                "2026/27-Q2",
                "The Northgate Road contract was signed in August 2026 with a start on site planned for November. Temporary accommodation numbers remain high: the landlord incentive scheme has helped 21 households into private rented homes since April.",
            ),
        ],
        ..node("homes-for-the-borough", "programme", "Homes for the Borough", Some("borough-plan"))
    },
    Node {
        outcomes: &[
            "Cleaner streets and open spaces",
            "More household waste reused, recycled or composted",
            "Less fly-tipping, and more offenders caught",
        ],
        focus: &[
            (
                "2025/26",
                &[
                    "Extending food waste collections to flats",
                    "A fly-tipping enforcement campaign with CCTV at hotspots",
                ],
            ),
            (
                "2026/27",
                &[
                    "Introducing weekly food waste collections to every household by October 2026",
                    "A recycling contamination campaign on the estates with the lowest rates",
                ],
            ),
        ],
        updates: &[
            (
                "2026/27-Q1",
                "Food waste caddies were delivered to 18,000 households ahead of the new collections. Fixed penalty notices for fly-tipping continue to rise.",
            ),
            (
                "2026/27-Q2",
                "Weekly food waste collections started on 28 September 2026 on the first four rounds; the rest follow in October. July to September recycling tonnages are awaiting validation.",
            ),
        ],
        ..node("cleaner-greener", "programme", "Cleaner, Greener Borough", Some("borough-plan"))
    },
    Node {
        created: Some("2021-07-14"),
        note: Some("Set up when Cabinet declared a climate emergency on 14 July 2021."),
        outcomes: &[
            "Net zero carbon emissions from the council's own operations by 2030",
            "Less residual waste per household",
        ],
        focus: &[
            (
                "2025/26",
                &[
                    "Replacing the civic centre's gas boilers with heat pumps",
                    "Ordering the first six electric refuse collection vehicles",
                ],
            ),
            (
                "2026/27",
                &[
                    "Bringing the remaining six electric refuse collection vehicles into service",
                    "Solar panels on the depot roof",
                ],
            ),
        ],
        updates: &[
            (
                "2026/27-Q1",
                "The first six electric refuse collection vehicles are in service; charging points at the depot were commissioned in May 2026.",
            ),
            (
                "2026/27-Q2",
                "Delivery of the remaining six vehicles has been put back to February 2027 by the manufacturer. The depot solar panel tender closed in September 2026.",
            ),
        ],
        ..node("climate-action", "programme", "Climate Action", Some("borough-plan"))
    },
    Node {
        created: Some("2020-04-01"),
        closed: Some("2024-03-31"),
        note: Some(
            "Closed on 31 March 2024: its work became business as usual in Digital and ICT and Customer Services.",
        ),
        outcomes: &[
            "Residents can do more with the council online, at any time",
            "Calls answered quickly by advisers who can resolve them",
        ],
        focus: &[
            ("2022/23", &["Launching the resident online account", "Procuring a new contact centre telephony system"]),
            (
                "2023/24",
                &[
                    "Replacing the contact centre telephony system by October 2023",
                    "Closing the programme into business as usual",
                ],
            ),
        ],
        updates: &[
            (
                "2023/24-Q3",
                "The new contact centre telephony system went live on 1 October 2023. Abandoned calls fell from about 14% to about 5% in the first three months.",
            ),
            (
                "2023/24-Q4",
                "The programme closed on 31 March 2024. The online account has 31,000 registered residents; its further development is now part of the Digital and ICT service plan.",
            ),
        ],
        ..node("digital-council", "programme", "Digital Council", Some("borough-plan"))
    },
    Node {
        outcomes: &[
            "A balanced budget each year without using reserves",
            "More income from the council's commercial property",
        ],
        focus: &[
            ("2025/26", &["Delivering £1.2m of savings", "Letting the vacant units at the Riverside business park"]),
            ("2026/27", &["Delivering £1.4m of savings", "Reviewing fees and charges against neighbouring councils"]),
        ],
        updates: &[
            (
                "2026/27-Q1",
                "Savings of £0.4m were delivered in the quarter. Two of the five vacant units at the Riverside business park have been let.",
            ),
            (
                "2026/27-Q2",
                "£0.7m of the £1.4m savings target has been delivered by September 2026; two proposals have slipped into next year and replacement savings are being identified.",
            ),
        ],
        ..node("financial-sustainability", "programme", "Financial Sustainability", Some("borough-plan"))
    },
    node("homes-communities", "theme", "Homes and Communities", None),
    Node {
        former_names: &[("Place", "2023-03-31")],
        note: Some("Renamed from Place on 1 April 2023, when Environmental Services was formed."),
        ..node("place-environment", "theme", "Place and Environment", None)
    },
    node("resources", "theme", "Resources", None),
    // Homes and Communities
    unit("customer-services", "Customer Services", "homes-communities", "Customer Services Manager"),
    unit("housing", "Housing Services", "homes-communities", "Head of Housing"),
    unit("housing-options", "Housing Options", "homes-communities", "Housing Options Manager"),
    // Place and Environment
    Node {
        closed: Some("2023-03-31"),
        note: Some("Merged with Street Scene into Environmental Services on 1 April 2023; its measures moved there."),
        ..unit("waste-recycling", "Waste and Recycling", "place-environment", "Waste and Recycling Manager")
    },
    Node {
        closed: Some("2023-03-31"),
        note: Some(
            "Merged with Waste and Recycling into Environmental Services on 1 April 2023; its measures moved there, except EB-SS05 (retired).",
        ),
        ..unit("street-scene", "Street Scene", "place-environment", "Street Scene Manager")
    },
    Node {
        created: Some("2023-04-01"),
        note: Some("Formed on 1 April 2023 from Waste and Recycling and Street Scene."),
        updates: &[
            (
                "2023/24-Q1",
                "Environmental Services was formed on 1 April 2023 from Waste and Recycling and Street Scene, under one head of service and one depot rota. New collection rounds started on 5 June 2023; missed bins rose while crews learned the rounds.",
            ),
            (
                "2023/24-Q2",
                "Missed collections are falling as the new rounds settle. Street cleansing and grounds maintenance are now scheduled together (measure EB-ENV01).",
            ),
        ],
        ..unit(
            "environmental-services",
            "Environmental Services",
            "place-environment",
            "Head of Environmental Services",
        )
    },
    unit("planning", "Planning and Building Control", "place-environment", "Head of Planning"),
    unit(
        "environmental-health",
        "Environmental Health and Licensing",
        "place-environment",
        "Environmental Health Manager",
    ),
    unit("leisure", "Leisure and Culture", "place-environment", "Leisure and Culture Manager"),
    // Resources
    unit("revenues-benefits", "Revenues and Benefits", "resources", "Head of Revenues and Benefits"),
    unit("finance", "Finance", "resources", "Chief Finance Officer"),
    unit("hr", "Human Resources", "resources", "Head of Human Resources"),
    Node {
        former_names: &[("ICT Services", "2022-03-31")],
        ..unit("digital", "Digital and ICT", "resources", "Head of Digital and ICT")
    },
    unit("policy-performance", "Policy and Performance", "resources", "Head of Policy and Performance"),
];

pub fn node_named(key: &str) -> &'static Node {
    NODES.iter().find(|n| n.key == key).unwrap_or_else(|| panic!("{key} is not a node"))
}

/// A unit's name as it was in month `t` (a month index from April 2020).
pub fn name_in_month(key: &str, t: i32) -> &'static str {
    let node = node_named(key);
    for (name, until) in node.former_names {
        if t <= crate::calendar::month_index(&until[..7]) {
            return name;
        }
    }
    node.name
}

/// A milestone and its quarterly updates: (period, status, factor, update).
pub struct Milestone {
    pub key: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    pub node: &'static str,
    pub due: Option<&'static str>,
    pub updates: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

pub const MILESTONES: &[Milestone] = &[
    Milestone {
        key: "customer-portal",
        kind: "milestone",
        title: "Launch the resident online account",
        node: "digital-council",
        due: Some("2021/22-Q4"),
        updates: &[
            (
                "2020/21-Q3",
                "on-track",
                "",
                "Supplier appointed in November 2020; design workshops with residents under way.",
            ),
            ("2020/21-Q4", "on-track", "", "Council tax and waste services built; testing starts in April 2021."),
            (
                "2021/22-Q1",
                "on-track",
                "",
                "Testing with 200 residents completed; changes to the sign-in process agreed.",
            ),
            (
                "2021/22-Q2",
                "at-risk",
                "",
                "Integration with the revenues system is delayed by the supplier; a revised plan is awaited.",
            ),
            (
                "2021/22-Q3",
                "at-risk",
                "",
                "The revenues integration was delivered in December 2021; launch planned for spring 2022.",
            ),
            (
                "2021/22-Q4",
                "not-achieved",
                "",
                "Launch moved to June 2022 to avoid annual billing; the due date was missed.",
            ),
            ("2022/23-Q1", "achieved", "", "Launched on 13 June 2022; 4,200 residents registered in the first month."),
        ],
    },
    Milestone {
        key: "telephony-replacement",
        kind: "milestone",
        title: "Replace the contact centre telephony system",
        node: "digital-council",
        due: Some("2023/24-Q3"),
        updates: &[
            ("2022/23-Q3", "on-track", "", "Procurement completed; contract awarded in December 2022."),
            ("2022/23-Q4", "on-track", "", "Call flows designed with the contact centre team; build under way."),
            (
                "2023/24-Q1",
                "at-risk",
                "",
                "Porting the council's numbers is delayed by the carrier; go-live may slip from September.",
            ),
            (
                "2023/24-Q2",
                "on-track",
                "",
                "Number porting confirmed; all advisers trained; go-live set for 1 October 2023.",
            ),
            (
                "2023/24-Q3",
                "achieved",
                "",
                "Went live on 1 October 2023 with call-back and skills-based routing. Abandoned calls fell from about 14% to about 5%.",
            ),
        ],
    },
    Milestone {
        key: "environmental-services-merger",
        kind: "milestone",
        title: "Bring Waste and Recycling and Street Scene together as Environmental Services",
        node: "place-environment",
        due: Some("2023/24-Q1"),
        updates: &[
            (
                "2022/23-Q2",
                "on-track",
                "",
                "Cabinet approved the new structure in September 2022; consultation with staff and trade unions starts in October.",
            ),
            ("2022/23-Q3", "on-track", "", "Consultation closed; the final structure was published in December 2022."),
            (
                "2022/23-Q4",
                "on-track",
                "",
                "Appointments made to the new structure; the service starts on 1 April 2023.",
            ),
            (
                "2023/24-Q1",
                "achieved",
                "",
                "Environmental Services formed on 1 April 2023; new collection rounds started on 5 June 2023.",
            ),
        ],
    },
    Milestone {
        key: "local-plan-review",
        kind: "work programme",
        title: "Local Plan review: submit the new Local Plan for examination",
        node: "planning",
        due: Some("2025/26-Q4"),
        updates: &[
            ("2023/24-Q1", "on-track", "", "Call for sites closed with 112 sites submitted."),
            ("2023/24-Q2", "on-track", "", "Site assessments under way; evidence base studies commissioned."),
            ("2023/24-Q3", "on-track", "", "Issues and options consultation approved by Cabinet for January 2024."),
            ("2023/24-Q4", "on-track", "", "Issues and options consultation held; 1,850 responses received."),
            ("2024/25-Q1", "on-track", "", "Responses analysed; preferred options being drafted."),
            ("2024/25-Q2", "on-track", "", "Draft preferred options shared with the member working group."),
            (
                "2024/25-Q3",
                "affected-by-external-factor",
                "Revised National Planning Policy Framework (December 2024)",
                "The revised national framework raised the borough's housing need; the evidence base and site allocations must be redone.",
            ),
            (
                "2024/25-Q4",
                "at-risk",
                "",
                "Additional sites being assessed against the higher housing need; the timetable is under review.",
            ),
            (
                "2025/26-Q1",
                "at-risk",
                "",
                "A revised Local Development Scheme was agreed in June 2025 with submission in March 2026.",
            ),
            ("2025/26-Q2", "at-risk", "", "Regulation 18 consultation on the revised plan held in September 2025."),
            (
                "2025/26-Q3",
                "off-track",
                "",
                "Transport modelling was not ready in time; submission will slip beyond March 2026.",
            ),
            (
                "2025/26-Q4",
                "not-achieved",
                "",
                "The plan was not submitted by March 2026; a new timetable goes to Cabinet in June 2026.",
            ),
            ("2026/27-Q1", "off-track", "", "Cabinet agreed a new timetable in June 2026: submission in March 2027."),
            (
                "2026/27-Q2",
                "at-risk",
                "",
                "Transport modelling completed; the Regulation 19 plan goes to Council in December 2026.",
            ),
        ],
    },
    Milestone {
        key: "fleet-decarbonisation",
        kind: "commitment",
        title: "Replace 12 refuse collection vehicles with electric vehicles by March 2027",
        node: "climate-action",
        due: Some("2026/27-Q4"),
        updates: &[
            ("2024/25-Q1", "not-started", "", "Business case being prepared for Cabinet in September 2024."),
            ("2024/25-Q2", "on-track", "", "Business case approved by Cabinet in September 2024."),
            ("2024/25-Q3", "on-track", "", "Order placed for the first six vehicles."),
            ("2024/25-Q4", "on-track", "", "Depot electrical upgrade designed; works start in the summer."),
            ("2025/26-Q1", "on-track", "", "Depot electrical works under way."),
            ("2025/26-Q2", "at-risk", "", "The network operator's connection date moved to February 2026."),
            ("2025/26-Q3", "at-risk", "", "Connection confirmed for March 2026; first vehicles delivered and waiting."),
            (
                "2025/26-Q4",
                "on-track",
                "",
                "Connection completed in March 2026; order placed for the remaining six vehicles.",
            ),
            ("2026/27-Q1", "on-track", "", "The first six electric vehicles are in service."),
            (
                "2026/27-Q2",
                "at-risk",
                "",
                "The manufacturer has put back delivery of the remaining six vehicles to February 2027.",
            ),
        ],
    },
    Milestone {
        key: "mill-lane-homes",
        kind: "milestone",
        title: "Complete 48 council homes at Mill Lane",
        node: "homes-for-the-borough",
        due: Some("2025/26-Q2"),
        updates: &[
            ("2023/24-Q2", "on-track", "", "Contractor started on site in August 2023."),
            ("2023/24-Q3", "on-track", "", "Foundations complete for all three blocks."),
            ("2023/24-Q4", "on-track", "", "Frame of the first block complete."),
            (
                "2024/25-Q1",
                "at-risk",
                "",
                "The main contractor's groundworks subcontractor went into administration; a replacement is being appointed.",
            ),
            (
                "2024/25-Q2",
                "at-risk",
                "",
                "Replacement subcontractor appointed; the programme shows a three month delay.",
            ),
            ("2024/25-Q3", "on-track", "", "Work back on programme for the revised completion in autumn 2025."),
            ("2024/25-Q4", "on-track", "", "Roofs on all three blocks; internal works under way."),
            ("2025/26-Q1", "on-track", "", "First 20 homes due for handover in August 2025."),
            (
                "2025/26-Q2",
                "at-risk",
                "",
                "20 homes handed over in August 2025; the remaining 28 follow by November, after the due date.",
            ),
            ("2025/26-Q3", "achieved", "", "The last 28 homes were handed over in November 2025; all 48 are let."),
        ],
    },
];

/// The report settings: the cover block and implications.
pub const REPORT_COMMITTEE: &str = "Cabinet";
pub const REPORT_PORTFOLIO_HOLDER: &str = "Cabinet Member for Finance and Performance";
pub const REPORT_LEAD_OFFICER: &str = "Head of Policy and Performance";
pub const REPORT_CONTACT: (&str, &str, &str) =
    ("Performance Team", "performance@example-borough.example", "01632 960000");
pub const REPORT_IMPLICATIONS: &[(&str, &str)] = &[
    (
        "Financial implications",
        "There are no direct financial implications from the recommendations of this report. Improvement plans are delivered within existing budgets unless stated.",
    ),
    (
        "Legal implications",
        "There are no direct legal implications. The council publishes its performance information as the Local Government Transparency Code expects.",
    ),
    (
        "Equalities implications",
        "Services consider the effect of performance on residents with protected characteristics in their improvement plans.",
    ),
    (
        "Risk implications",
        "Measures that are Red for two quarters or more are reviewed against the corporate risk register.",
    ),
];
