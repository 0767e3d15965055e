//! What happened to the council's figures, period by period: missing data,
//! corrections, in-year target revisions, process changes, and the
//! sentences commentary is made from. All made up.

use crate::spec::Topic;

/// Results recorded as Missing: (measure, period, reason).
pub const MISSING: &[(&str, &str, &str)] = &[
    (
        "EB-EH01",
        "2020/21-Q1",
        "Food hygiene inspections suspended under Food Standards Agency Covid-19 guidance: no compliance figure for the quarter",
    ),
    (
        "EB-EH01",
        "2020/21-Q2",
        "Food hygiene inspections suspended under Food Standards Agency Covid-19 guidance: no compliance figure for the quarter",
    ),
    (
        "EB-HO04",
        "2020/21-Q1",
        "Rough sleeper count not carried out: everyone sleeping rough had been offered emergency accommodation under the Covid-19 Everyone In scheme",
    ),
    (
        "EB-HO02",
        "2021-11",
        "Housing register system outage (an upgrade overran by nine days): the end-of-month count could not be produced",
    ),
    (
        "EB-HS05",
        "2022-02",
        "Data not supplied: the gas servicing contractor did not provide the certificate report during the contract handover",
    ),
    (
        "EB-SS03",
        "2024/25-Q3",
        "Litter and detritus survey not carried out: the surveyor post was vacant from October to December 2024",
    ),
    ("EB-ICT01", "2025-01", "Monitoring tool replaced in January 2025: availability for the month was not measured"),
    (
        "EB-FIN04",
        "2025/26-Q1",
        "Aged debt report not available at quarter end because of the finance system upgrade in June 2025",
    ),
    (
        "EB-CS06",
        "2026-08",
        "Data not supplied: August requests not yet reconciled after the move to the new case management system",
    ),
    ("EB-WR02", "2026/27-Q2", "Awaiting validation of the July to September 2026 tonnages by WasteDataFlow"),
];

/// Results recorded wrongly and corrected three weeks or so later:
/// (measure, period, change to the first figure (its numerator for a
/// fraction), reason for the correction).
pub const CORRECTIONS: &[(&str, &str, &str, &str)] = &[
    ("EB-HS04", "2021-12", "-1240.55", "Corrected: two void periods were left out of the first return"),
    ("EB-HO01", "2022-05", "-3", "Corrected: three preventions closed late on the case system are now counted"),
    ("EB-PL02", "2023/24-Q3", "1", "Corrected: one application counted as decided in time had no agreed extension"),
    ("EB-FIN02", "2024/25-Q2", "6500", "Corrected: a rent invoice raised in error has been cancelled"),
];

/// How an in-year revision changes the annual target.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    To(&'static str),
    /// By this many tenths of a per cent of the original target.
    By(i64),
}

/// In-year target revisions: (measure, financial year index, effective date, change, reason, author).
pub const REVISIONS: &[(&str, usize, &str, Change, &str, &str)] = &[
    (
        "EB-CT01",
        0,
        "2020-07-01",
        Change::To("96.0"),
        "Reprofiled for Covid-19: recovery action paused from March to August 2020 and instalments deferred on request",
        "Senior Leadership Team",
    ),
    (
        "EB-NNDR01",
        0,
        "2020-07-01",
        Change::To("95.0"),
        "Reprofiled for Covid-19: expanded retail discount rebilled and recovery action paused",
        "Senior Leadership Team",
    ),
    (
        "EB-LC01",
        0,
        "2020-07-01",
        Change::To("240000"),
        "Reset for Covid-19: leisure centres closed on 20 March 2020 and reopen with reduced capacity",
        "Senior Leadership Team",
    ),
    (
        "EB-LC02",
        0,
        "2020-07-01",
        Change::To("300000"),
        "Reset for Covid-19: leisure centres closed on 20 March 2020 and reopen with reduced capacity",
        "Senior Leadership Team",
    ),
    (
        "EB-PL03",
        1,
        "2021-07-01",
        Change::To("85"),
        "Reduced by the Senior Leadership Team: record numbers of householder applications and two vacant planning officer posts",
        "Senior Leadership Team",
    ),
    (
        "EB-HO02",
        2,
        "2022-10-01",
        Change::To("95"),
        "Revised by Cabinet: more households approaching as private landlords sell up and the cost of living rises",
        "Cabinet",
    ),
    (
        "EB-HO01",
        2,
        "2022-10-01",
        Change::By(100),
        "Raised by Cabinet: two more prevention officers funded from the Homelessness Prevention Grant",
        "Cabinet",
    ),
    (
        "EB-CS02",
        3,
        "2023-11-01",
        Change::To("8"),
        "Reduced by the Senior Leadership Team after the new telephony system went live on 1 October 2023",
        "Senior Leadership Team",
    ),
    (
        "EB-HS02",
        4,
        "2024-10-01",
        Change::To("30"),
        "Reduced by Cabinet as part of the void improvement plan",
        "Cabinet",
    ),
    (
        "EB-ICT02",
        5,
        "2025-10-01",
        Change::By(30),
        "Raised by the Senior Leadership Team: online council tax forms launched in September 2025",
        "Senior Leadership Team",
    ),
];

/// Changes to how a figure is produced, for a later loader:
/// (measure, first period affected, reason, recorded by).
pub const PROCESS_CHANGES: &[(&str, &str, &str, &str)] = &[
    (
        "EB-CS02",
        "2023-10",
        "New cloud telephony system went live on 1 October 2023, with call-back when queues are long and calls routed to advisers by skill: abandoned calls fell from about 14% to about 5% and stayed down",
        "Customer Services Manager",
    ),
    (
        "EB-CS01",
        "2023-10",
        "New cloud telephony system went live on 1 October 2023: more calls answered within 60 seconds; the new system times the wait from the end of the welcome message, as the old one did",
        "Customer Services Manager",
    ),
    (
        "EB-CS03",
        "2023-10",
        "New cloud telephony system went live on 1 October 2023: the satisfaction survey is now offered by text message after every call instead of by a recorded prompt",
        "Customer Services Manager",
    ),
    (
        "EB-HS02",
        "2025-04",
        "Void process redesigned from 1 April 2025: works and lettings start on the day the keys are returned, and homes are advertised while works are under way",
        "Head of Housing",
    ),
];

/// Commentary that marks an event, written before the figure's own:
/// (measure, period, text).
pub const EVENTS: &[(&str, &str, &str)] = &[
    ("EB-CS02", "2023-09", "Last month on the old telephony system; the new system goes live on 1 October 2023."),
    (
        "EB-CS01",
        "2023-10",
        "The new telephony system went live on 1 October 2023, with call-back when queues are long and calls routed to advisers by skill.",
    ),
    (
        "EB-CS02",
        "2023-10",
        "The new telephony system went live on 1 October 2023, with call-back when queues are long and calls routed to advisers by skill.",
    ),
    (
        "EB-CS03",
        "2023-10",
        "The new telephony system went live on 1 October 2023; the survey is now offered by text message after each call.",
    ),
    (
        "EB-HS02",
        "2025-04",
        "First month of the redesigned void process: works and lettings now start from the day the keys are returned.",
    ),
    ("EB-ICT01", "2022-03", "Unplanned outage of the network storage on 9 March 2022: six hours in core hours."),
    (
        "EB-ICT01",
        "2024-07",
        "Core systems were unavailable for most of 19 July 2024 after a supplier's faulty security update.",
    ),
    ("EB-WR01", "2022-12", "Snow and ice from 8 to 18 December 2022 suspended collections on four days."),
    ("EB-WR01", "2023-06", "New collection rounds started on 5 June 2023."),
    ("EB-HS10", "2023-04", "New measure from April 2023: every open case of damp and mould reported by tenants."),
    (
        "EB-ENV01",
        "2023-04",
        "New measure from April 2023, replacing EB-SS05: street cleansing and grounds maintenance are now scheduled together.",
    ),
];

/// Written on the first figures after the restructure of 1 April 2023.
pub const RESTRUCTURE_NOTE: &str = "First figures reported by Environmental Services, formed on 1 April 2023 from Waste and Recycling and Street Scene.";

/// The first month of Environmental Services (April 2023).
pub const RESTRUCTURE_MONTH: &str = "2023-04";

// Commentary sentences by topic. A sentence may start with the measures it
// is about ("[EB-FIN02] ...": only those measures say it), then the first
// financial year it fits ("2022/23+ ...": the cost of living is not a reason
// in 2020), then the calendar months it fits ("@12,1,2 ...": snow in
// winter). Every measure finds at least one sentence of each kind in every
// month (a test checks it).

pub static COLLECTION: Topic = Topic {
    adverse: &[
        "Collection is behind profile: more residents have moved to twelve monthly instalments instead of ten",
        "Reminder notices went out a week later than planned because of a print contractor delay",
        "2022/23+ The number of payment arrangements has risen with the cost of living",
        "Recovery action was held back while the new recovery timetable was agreed",
        "[EB-NNDR01] Several large accounts are disputed and awaiting a valuation review",
        "[EB-NNDR01] Two large ratepayers went into administration",
    ],
    favourable: &[
        "Collection is on or ahead of profile",
        "Direct debit take-up continues to grow",
        "Recovery action is on schedule",
    ],
    actions: &[
        "Reminders and final notices are being issued on schedule",
        "The team is texting residents in arrears before a summons is issued",
        "Enforcement agents have been instructed on the oldest cases",
        "Extra payment arrangement sessions are being offered",
    ],
    covid: "Covid-19: recovery action was paused and instalments were deferred on request",
};

pub static BENEFITS: Topic = Topic {
    adverse: &[
        "[EB-RB01,EB-RB02] @4,5,6 Claims and changes rose after annual billing",
        "[EB-RB01,EB-RB02] Two assessors are on long-term sick leave",
        "[EB-RB01,EB-RB02] Universal Credit notifications arrived in a large batch",
        "[EB-RB01,EB-RB02] 2022/23+ Assessors were diverted to paying the council tax energy rebate",
        "[EB-RB04] Fewer overpayments are being recovered from Universal Credit as claimants move across",
        "[EB-RB04] Recovery was slowed while the debt recovery officer post was vacant",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-RB01,EB-RB02] Processing times continue to improve with automated Universal Credit changes",
        "[EB-RB01,EB-RB02] The assessment backlog has been cleared",
        "[EB-RB04] Recovery by deductions from ongoing benefit is working well",
    ],
    actions: &[
        "[EB-RB01,EB-RB02] Overtime is being offered to clear the oldest claims",
        "[EB-RB01,EB-RB02] Work is being taken in date order",
        "[EB-RB01,EB-RB02] Two temporary assessors have joined for three months",
        "[EB-RB04] Invoices are being issued for overpayments that cannot be recovered from benefit",
        "[EB-RB04] The oldest overpayment debts have been passed to enforcement agents",
    ],
    covid: "Covid-19: claims rose sharply while the team moved to home working",
};

pub static FINANCE: Topic = Topic {
    adverse: &[
        "[EB-FIN01] Invoices were held while purchase orders were matched",
        "[EB-FIN01] @3,4,5 Several services were late approving invoices during the year-end closedown",
        "[EB-FIN02] Two commercial units fell vacant",
        "[EB-FIN02] Rent reviews were settled later than expected",
        "[EB-FIN03] Some savings proposals have slipped into next year",
        "[EB-FIN03] A fees and charges saving depends on a consultation not yet concluded",
        "[EB-FIN04] Aged debt rose with two large disputed invoices",
        "[EB-FIN04] Recovery of older invoices was paused while the finance system was upgraded",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-FIN02] Income is ahead of budget after new lettings",
        "[EB-FIN03] Savings are being delivered as planned",
        "[EB-FIN04] Two large debts were settled",
    ],
    actions: &[
        "[EB-FIN01] Budget managers have been reminded of the no purchase order, no pay policy",
        "[EB-FIN02] The council's agents are marketing the vacant units",
        "[EB-FIN03] Finance business partners are reviewing slipped savings with directors",
        "[EB-FIN04] Legal action has started on the largest debts",
        "[EB-FIN04] Payment plans have been agreed with several debtors",
    ],
    covid: "Covid-19: tenants were offered rent deferrals and payment terms were eased",
};

pub static PEOPLE: Topic = Topic {
    adverse: &[
        "[EB-HR01] Long-term sickness, mostly musculoskeletal and stress-related, accounts for most days lost",
        "[EB-HR01] @11,12,1,2,3 Winter viruses increased short-term absence",
        "[EB-HR02] Turnover is high in waste, planning and legal roles where the market is competitive",
        "[EB-HR02] Several experienced staff retired",
        "[EB-HR03] Appraisals are behind in the services with most front-line staff",
        "[EB-HR04] Specialist posts had to be advertised again",
        "[EB-HR04] Shortlisting was delayed in services with managers on leave",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-HR01] Long-term cases have been resolved through phased returns",
        "[EB-HR04] 2023/24+ Time to hire has fallen with the new applicant tracking system",
    ],
    actions: &[
        "[EB-HR01] HR business partners are reviewing every long-term case with managers",
        "[EB-HR01] Occupational health referrals are now made from day 10 of an absence",
        "[EB-HR02,EB-HR04] A market supplement has been approved for hard-to-fill posts",
        "[EB-HR02] Exit interviews are being analysed by service",
        "[EB-HR03] Managers have been sent lists of outstanding appraisals",
        "[EB-HR04] Adverts now go out with a fixed interview date",
    ],
    covid: "Covid-19: absence patterns changed with home working and shielding",
};

pub static DIGITAL: Topic = Topic {
    adverse: &[
        "[EB-ICT01] An unplanned outage of the network storage affected several systems",
        "[EB-ICT01] A failed overnight update delayed the start of the working day",
        "[EB-ICT02] Online forms for some services were unavailable during a platform upgrade",
        "[EB-ICT02] Some card payments failed at the payment provider",
        "[EB-ICT03] Residents rated the waste pages poorly after a change to collection days",
        "[EB-ICT03] Residents could not find the form to report a missed bin",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-ICT02] 2022/23+ More residents are using their online account",
        "[EB-ICT03] Ratings improved after the council tax pages were rewritten",
    ],
    actions: &[
        "[EB-ICT01] A root cause review has been completed and actions agreed with the supplier",
        "[EB-ICT01] Failover to the second data centre is tested every quarter",
        "[EB-ICT02,EB-ICT03] The web team is testing the pages with residents",
        "[EB-ICT02] The most used phone transactions are being moved online first",
    ],
    covid: "Covid-19: demand for online services rose sharply while the offices were closed",
};

pub static CUSTOMERS: Topic = Topic {
    adverse: &[
        "[EB-CS01,EB-CS02,EB-CS03] @3,4,5 Calls peaked with the annual council tax bills",
        "[EB-CS01,EB-CS02,EB-CS03] Vacancies in the contact centre reduced the number of advisers available",
        "[EB-CS01,EB-CS02] 2022/23+ Long calls about cost-of-living support increased handling times",
        "[EB-CS03] Callers were unhappy with waiting times",
        "[EB-CS04] Many complaints were about missed bin collections, and responses were late",
        "[EB-CS04] Several services were late answering complaints",
        "[EB-CS06] Several requests on a single topic took longer to answer",
        "[EB-CS06] Requests needing information from several services were late",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-CS01,EB-CS02] 2023/24+ Call-back and better call routing have cut queues",
        "[EB-CS04] More complaints are being resolved at first contact",
    ],
    actions: &[
        "[EB-CS01,EB-CS02,EB-CS03] Staff from back-office teams are covering peak hours",
        "[EB-CS01,EB-CS02,EB-CS03] Four adviser posts are being recruited",
        "[EB-CS01,EB-CS02] Answers to frequent questions have been added to the website to reduce calls",
        "[EB-CS04,EB-CS06] Services with late responses have been asked for a recovery plan",
        "[EB-CS04,EB-CS06] Late cases are reported to the Senior Leadership Team weekly",
    ],
    covid: "Covid-19: the contact centre moved to home working and took calls for the community hub",
};

pub static VOIDS: Topic = Topic {
    adverse: &[
        "Several homes needed major works before they could be let",
        "[EB-HS03] Sheltered homes are taking longer to let: demand for bedsits is low",
        "Contractor capacity for void works is stretched",
        "Asbestos surveys delayed works on a number of homes",
    ],
    favourable: &[
        "Void turnaround is on target",
        "[EB-HS02,EB-HS04] 2025/26+ The redesigned void process is shortening the time between keys and works",
        "There were fewer long-term voids",
    ],
    actions: &[
        "The Head of Housing is monitoring the void improvement plan weekly",
        "[EB-HS03] Sheltered vacancies are being advertised more widely",
        "A second void contractor has been appointed",
    ],
    covid: "Covid-19: lettings were paused during the first lockdown",
};

pub static HOMES: Topic = Topic {
    adverse: &[
        "[EB-HS01,EB-HS09] Arrears rose as more tenants moved onto Universal Credit",
        "[EB-HS01,EB-HS09] @4,5,6 Rent collected is behind the year's profile after the rent increase in April",
        "[EB-HS01,EB-HS09] 2022/23+ More tenants are in financial difficulty with the cost of living",
        "[EB-HS05] Access could not be gained to a small number of homes",
        "[EB-HS05] The contractor has vacancies for gas engineers",
        "[EB-HS06,EB-HS07] @11,12,1,2 Cold weather raised demand for heating and plumbing repairs",
        "[EB-HS06,EB-HS07] The repairs contractor is short of plumbers and electricians",
        "[EB-HS07] 2021/22+ The backlog of repairs from the Covid-19 lockdowns is still being worked through",
        "[EB-HS08] Tenants were unhappy with the time taken to complete repairs",
        "[EB-HS10] @11,12,1,2,3 Damp and mould reports rose in the winter",
        "[EB-HS10] Surveys are waiting for a specialist contractor",
        "[EB-HS11] Kitchen and bathroom replacements fell behind the programme",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-HS08] Tenants rated the repairs service well",
        "[EB-HS01,EB-HS09] @12,1,3,4 Arrears fell after the rent-free weeks",
        "[EB-HS10] Cases are being closed faster after the extra surveyor joined",
    ],
    actions: &[
        "[EB-HS01,EB-HS09] Tenancy sustainment officers are contacting tenants in arrears earlier",
        "[EB-HS01,EB-HS09] Tenants moving to Universal Credit are offered help to set up direct payments",
        "[EB-HS05] Gas access cases are passed to legal after the third attempt",
        "[EB-HS06,EB-HS07,EB-HS08] The contractor is recruiting more engineers",
        "[EB-HS08] Every dissatisfied tenant is called back by a supervisor",
        "[EB-HS10] Every damp and mould case is inspected within ten working days",
        "[EB-HS11] The capital programme has been reprofiled to catch up",
    ],
    covid: "Covid-19: only emergency repairs were carried out during the first lockdown, and many tenants lost income",
};

pub static HOMELESSNESS: Topic = Topic {
    adverse: &[
        "[EB-HO01,EB-HO02,EB-HO06] More households are approaching as private landlords sell up",
        "[EB-HO01,EB-HO02] 2022/23+ The cost of living is increasing approaches",
        "[EB-HO01,EB-HO02,EB-HO06] Few private rented homes are affordable at Local Housing Allowance rates",
        "[EB-HO02,EB-HO03,EB-HO06] Move-on into settled homes is slow",
        "[EB-HO03] No suitable self-contained accommodation was available for two families",
        "[EB-HO04] More people were found sleeping rough in the town centre",
        "[EB-HO07] Two affordable housing schemes slipped to the next quarter",
        "[EB-HO07] A registered provider delayed handovers at one scheme",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-HO01] More households were helped to stay in their homes",
        "[EB-HO02] Fewer households are in temporary accommodation than planned",
        "[EB-HO07] Handovers at two schemes came forward",
    ],
    actions: &[
        "[EB-HO01,EB-HO02] 2025/26+ A landlord incentive scheme has been launched",
        "[EB-HO01] Prevention officers now work with households from eight weeks before an eviction",
        "[EB-HO02,EB-HO03,EB-HO06] The council is buying homes to use as temporary accommodation instead of bed and breakfast",
        "[EB-HO03] Housing Options reviews every household in bed and breakfast weekly",
        "[EB-HO04] The outreach team is out four mornings a week",
        "[EB-HO07] The housing delivery team meets registered providers monthly",
    ],
    covid: "Covid-19: evictions were paused and everyone sleeping rough was offered accommodation",
};

pub static STREETS: Topic = Topic {
    adverse: &[
        "[EB-WR01] @12,1,2 Snow and ice prevented collections on several days",
        "[EB-WR01] Vehicle breakdowns caused missed rounds",
        "[EB-WR01] Agency drivers on unfamiliar rounds missed more bins",
        "[EB-WR02,EB-WR03] Contamination meant some recycling loads were rejected",
        "[EB-WR02,EB-WR03] @7,8,9 Less garden waste was collected in a dry summer",
        "[EB-WR04] Fewer households renewed their garden waste subscription after the price rise",
        "[EB-SS01] Fly-tipping rose in alleys near two estates",
        "[EB-SS02,EB-SS05,EB-ENV01] Crews were diverted to clear large fly-tips",
        "[EB-SS03,EB-SS05,EB-ENV01] @4,5,6,7 Grass growth outpaced the cutting schedule after a wet spring",
        "[EB-SS03] Litter was worse around the town centre's takeaways",
        "[EB-SS04] Enforcement officers were diverted to investigating large fly-tips",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-WR01] 2023/24+ The new collection rounds have settled",
        "[EB-SS02] Fly-tips were cleared quickly",
        "[EB-WR02] @6,7,8,9 Garden waste lifted recycling over the summer",
    ],
    actions: &[
        "[EB-WR01] Crews are briefed on missed-bin hotspots each morning",
        "[EB-WR01] Two replacement vehicles are on order",
        "[EB-SS01,EB-SS04] CCTV has been deployed at fly-tipping hotspots",
        "[EB-WR02,EB-WR03] An education campaign on recycling contamination is running",
        "[EB-WR04] Renewal reminders are being sent by email and text",
        "[EB-SS02,EB-SS03,EB-SS05,EB-ENV01] Weekend crews are working through the backlog",
    ],
    covid: "Covid-19: household waste rose sharply while residents were at home",
};

pub static REGULATION: Topic = Topic {
    adverse: &[
        "[EB-PL01,EB-PL02,EB-PL03] Two planning officer posts are vacant",
        "[EB-PL01,EB-PL02,EB-PL03] Several applications waited for consultee responses",
        "[EB-PL01] Several complex major schemes took longer than the agreed extension",
        "[EB-PL04] The Inspectorate allowed several appeals on design grounds",
        "[EB-EH01,EB-EH02] Inspections fell behind while officers worked on outbreak control",
        "[EB-EH01] Several newly registered businesses were rated below 3 at their first inspection",
        "[EB-EH03] @6,7,8,9 Noise complaints peaked over the summer",
        "[EB-EH03] Two officers were on leave at the same time",
        "[EB-EH03] Complaints rose after a late-night licence was granted",
    ],
    favourable: &[
        "Performance is on target",
        "[EB-PL01,EB-PL02,EB-PL03] Extensions of time are now agreed consistently",
        "[EB-EH01,EB-EH02] The inspection programme is on schedule",
    ],
    actions: &[
        "[EB-PL01,EB-PL02,EB-PL03] Agency planners have been engaged for six months",
        "[EB-PL01,EB-PL02,EB-PL03] Officers are agreeing extensions of time earlier",
        "[EB-PL04] Appeal decisions are reviewed with the planning committee",
        "[EB-EH01,EB-EH02] High-risk premises are prioritised in the inspection programme",
        "[EB-EH03] The out-of-hours noise service has resumed on Friday and Saturday nights",
    ],
    covid: "Covid-19: site visits and inspections were paused",
};

pub static LEISURE: Topic = Topic {
    adverse: &[
        "Visits are below profile while the pool was closed for repairs",
        "Membership sales are slower than planned",
        "@10,11,12,1,2 Poor weather reduced outdoor activity",
    ],
    favourable: &[
        "Performance is on target",
        "Membership has grown since the gym was refurbished",
        "@4,7,8,10,12,2 School holiday programmes were well attended",
    ],
    actions: &["A membership campaign is running", "Pool repairs are scheduled outside school holidays"],
    covid: "Covid-19: leisure centres were closed or open with reduced capacity under national restrictions",
};

pub static SURVEY: Topic = Topic {
    adverse: &[
        "[EB-PP01,EB-PP02] Satisfaction fell in line with the national trend",
        "[EB-PP01,EB-PP02] Residents raised concerns about litter and road repairs",
        "[EB-CL01] Emissions fell less than planned because the depot heating replacement slipped",
    ],
    favourable: &[
        "[EB-PP01,EB-PP02] Satisfaction improved on last year",
        "[EB-CL01] Emissions fell with the LED street lighting programme",
    ],
    actions: &[
        "[EB-PP01,EB-PP02] Results will be discussed at each service's planning session",
        "[EB-CL01] The Climate Action programme board is reviewing the carbon plan",
    ],
    covid: "Covid-19: the survey was carried out by telephone instead of face to face",
};

/// Sentences for the customer services quarterly update (text only).
pub const CUSTOMER_UPDATES: &[&str] = &[
    "Face-to-face appointments at the civic centre are now booked online.",
    "Webchat is available on the council tax and benefits pages.",
    "Advisers completed training on the support available to residents in financial difficulty.",
    "The customer feedback panel met and reviewed the complaints process.",
    "Two new advisers started and four are in training.",
    "Service managers are monitoring complaint responses weekly.",
    "Call volumes followed the usual pattern for the quarter.",
];

/// Sentences for the Borough Plan quarterly summary (text only).
pub const PLAN_UPDATES: &[&str] = &[
    "Most Borough Plan actions are on track; exceptions are reported to Cabinet with recovery plans.",
    "The affordable housing pipeline is reviewed monthly with registered providers.",
    "The fly-tipping enforcement campaign continues under Cleaner, Greener Borough.",
    "The medium-term financial strategy was refreshed and the savings programme updated.",
    "Residents' survey fieldwork is planned for the autumn; results are reported in the spring.",
    "Service plans for next year are being drafted against the Borough Plan outcomes.",
];

/// Quarterly updates that mark an event: (measure, period, sentence).
pub const TEXT_EVENTS: &[(&str, &str, &str)] = &[
    ("EB-CS07", "2020/21-Q1", "The civic centre reception closed on 23 March 2020 and advisers moved to home working."),
    (
        "EB-CS07",
        "2023/24-Q2",
        "Preparations for the new telephony system are complete: it goes live on 1 October 2023.",
    ),
    (
        "EB-CS07",
        "2023/24-Q3",
        "The new telephony system went live on 1 October 2023; abandoned calls fell to about 5%.",
    ),
    ("EB-PP03", "2020/21-Q1", "Services were reorganised to support residents through the first Covid-19 lockdown."),
    (
        "EB-PP03",
        "2021/22-Q2",
        "Cabinet declared a climate emergency on 14 July 2021 and set up the Climate Action programme.",
    ),
    (
        "EB-PP03",
        "2023/24-Q1",
        "Environmental Services was formed on 1 April 2023 from Waste and Recycling and Street Scene.",
    ),
    (
        "EB-PP03",
        "2023/24-Q4",
        "The Digital Council programme closed on 31 March 2024; its work continues in the services.",
    ),
];
