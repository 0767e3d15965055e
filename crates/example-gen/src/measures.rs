//! The council's measures: what each is, and the model its figures and
//! targets are drawn from. Levels are per period of the measure's
//! frequency, in the middle of each financial year from 2020/21 to 2026/27.

use crate::calendar::Frequency::{Annual, Monthly, Quarterly};
use crate::events::{
    BENEFITS, COLLECTION, CUSTOMERS, DIGITAL, FINANCE, HOMELESSNESS, HOMES, LEISURE, PEOPLE, REGULATION, STREETS,
    SURVEY, VOIDS,
};
use crate::spec::Polarity::{Higher, Lower, None as Neither};
use crate::spec::Unit::{Count, Days, Money, Percentage, Rate, Score, Text};
use crate::spec::{FLAT, Measure, Model, Series, Target, Volume, Ytd, measure, series};

const POINTS_1: &str = r#"{ tolerance = "points", amber = "1" }"#;
const POINTS_2: &str = r#"{ tolerance = "points", amber = "2" }"#;
const POINTS_3: &str = r#"{ tolerance = "points", amber = "3" }"#;
const POINTS_5: &str = r#"{ tolerance = "points", amber = "5" }"#;
const PERCENT_10: &str = r#"{ tolerance = "percent", amber = "10" }"#;
const THRESHOLD: &str = "{ threshold = true }";
const NONE: &str = r#""none""#;
const PERCENT: Ytd = Ytd::Ratio("100");
const AVERAGE: Ytd = Ytd::Ratio("1");

/// Share of the year's collection reached by the end of each month, April to March.
const COUNCIL_TAX_PROFILE: [&str; 12] =
    ["11.0", "20.4", "29.8", "39.2", "48.5", "57.9", "67.2", "76.6", "85.9", "94.8", "97.8", "100"];
const BUSINESS_RATES_PROFILE: [&str; 12] =
    ["11.5", "21.0", "30.3", "39.6", "48.9", "58.1", "67.4", "76.7", "85.8", "94.6", "97.7", "100"];
const SAVINGS_PROFILE: [&str; 12] = ["9", "18", "27", "35", "44", "52", "60", "68", "76", "84", "92", "100"];

static CALLS_OFFERED: Volume = Volume {
    key: "calls-offered",
    knots: ["21500", "19800", "19200", "18600", "17500", "16400", "15800"],
    season: [30, 10, 0, -5, -8, 0, 0, -5, -20, 5, 0, 10],
    noise_pct: 4,
};
static COMPLAINTS: Volume = Volume {
    key: "complaints",
    knots: ["70", "80", "87", "83", "82", "77", "75"],
    season: [0, 0, 0, 0, -10, 0, 5, 5, -15, 10, 0, 0],
    noise_pct: 12,
};
static FLY_TIPS: Volume = Volume {
    key: "fly-tips",
    knots: ["142", "158", "151", "163", "171", "166", "159"],
    season: [5, 10, 10, 15, 15, 5, -5, -10, -15, -10, -5, 0],
    noise_pct: 8,
};

pub fn measures() -> Vec<Measure> {
    vec![
        // ----------------------------------------------------------------- Revenues and Benefits
        Measure {
            status: Some(r#"{ tolerance = "points", amber = "1", beyond = "forecast" }"#),
            tags: &["collection"],
            aligned: &["financial-sustainability"],
            ..measure(
                "EB-CT01",
                "% of council tax collected",
                "Council tax collected in the financial year to date as a percentage of the council tax due for the year. Restarts each April.",
                "revenues-benefits",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Collection {
                    finals: ["95.9", "96.6", "96.9", "96.8", "96.5", "96.7", "96.9"],
                    profile: COUNCIL_TAX_PROFILE,
                    noise: "0.15",
                },
                Target::Years(["97.0", "96.5", "97.0", "97.0", "97.0", "96.8", "97.0"]),
                &COLLECTION,
            )
        },
        Measure {
            status: Some(r#"{ tolerance = "points", amber = "1", beyond = "forecast" }"#),
            tags: &["collection"],
            ..measure(
                "EB-NNDR01",
                "% of business rates collected",
                "Non-domestic rates collected in the financial year to date as a percentage of the rates due for the year. Restarts each April.",
                "revenues-benefits",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Collection {
                    finals: ["93.1", "96.8", "98.1", "98.3", "97.9", "98.2", "98.4"],
                    profile: BUSINESS_RATES_PROFILE,
                    noise: "0.2",
                },
                Target::Years(["98.0", "97.0", "98.0", "98.0", "98.5", "98.0", "98.5"]),
                &COLLECTION,
            )
        },
        measure(
            "EB-RB01",
            "Average days to process new Housing Benefit and Council Tax Support claims",
            "Total days from receipt to decision of new claims decided in the period, divided by the number of new claims decided.",
            "revenues-benefits",
            Days,
            Lower,
            Monthly,
            AVERAGE,
            Model::Fraction {
                rate: series(
                    ["24.5", "21.0", "19.5", "18.8", "17.2", "16.4", "15.9"],
                    [10, 5, 0, 0, 0, 0, 0, 0, 8, 6, 0, 0],
                    "1.2",
                ),
                volume: &Volume {
                    key: "new-claims",
                    knots: ["260", "230", "220", "215", "205", "200", "195"],
                    season: [10, 0, 0, 0, 0, 0, 0, 0, -10, 10, 0, 0],
                    noise_pct: 8,
                },
            },
            Target::Stretch { tenths: 30, step: "1" },
            &BENEFITS,
        ),
        measure(
            "EB-RB02",
            "Average days to process changes of circumstances",
            "Total days from notification to decision of changes of circumstances decided in the period, divided by the number decided.",
            "revenues-benefits",
            Days,
            Lower,
            Monthly,
            AVERAGE,
            Model::Fraction {
                rate: series(
                    ["9.8", "8.1", "7.4", "7.6", "6.9", "6.2", "5.9"],
                    [25, 5, 0, 0, 0, 0, 0, 0, 5, 5, 0, 10],
                    "0.6",
                ),
                volume: &Volume {
                    key: "changes",
                    knots: ["1650", "1500", "1450", "1400", "1380", "1350", "1320"],
                    season: [30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10],
                    noise_pct: 6,
                },
            },
            Target::Stretch { tenths: 30, step: "0.5" },
            &BENEFITS,
        ),
        Measure {
            status: Some(NONE),
            ..measure(
                "EB-RB03",
                "Council Tax Support caseload",
                "Households receiving Council Tax Support at the end of the quarter. Reported for information.",
                "revenues-benefits",
                Count,
                Neither,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(["6120", "5980", "5850", "5790", "5760", "5700", "5650"], FLAT, "40")),
                Target::None,
                &BENEFITS,
            )
        },
        Measure {
            status: Some(PERCENT_10),
            ..measure(
                "EB-RB04",
                "Housing Benefit overpayments recovered (£)",
                "Housing Benefit overpayments recovered in the period, by deductions, invoices and recovery from Universal Credit.",
                "revenues-benefits",
                Money,
                Higher,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(["61000", "68000", "72000", "70500", "69000", "66000", "64000"], FLAT, "5500")),
                Target::Stretch { tenths: 20, step: "1000" },
                &BENEFITS,
            )
        },
        // ----------------------------------------------------------------- Finance
        Measure {
            status: Some(POINTS_2),
            ..measure(
                "EB-FIN01",
                "% of undisputed invoices paid within 30 days",
                "Undisputed invoices paid within 30 days of receipt as a percentage of undisputed invoices paid.",
                "finance",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        hi: Some("100"),
                        ..series(
                            ["93.5", "95.0", "96.2", "96.8", "97.4", "97.9", "98.1"],
                            [-8, 0, 0, 0, 0, 0, 0, 0, -10, -4, 0, -6],
                            "1.1",
                        )
                    },
                    volume: &Volume {
                        key: "invoices",
                        knots: ["2100", "2150", "2200", "2180", "2160", "2140", "2120"],
                        season: [0, 0, 0, 0, 0, 0, 0, 0, -15, 5, 0, 10],
                        noise_pct: 5,
                    },
                },
                Target::Years(["95", "95", "96", "97", "97", "98", "98"]),
                &FINANCE,
            )
        },
        Measure {
            decimals: 0,
            aligned: &["financial-sustainability"],
            ..measure(
                "EB-FIN02",
                "Income from commercial property (£)",
                "Rent and service charges invoiced to tenants of the council's commercial property in the period.",
                "finance",
                Money,
                Higher,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(
                    ["410000", "455000", "478000", "492000", "486000", "470000", "463000"],
                    FLAT,
                    "12000",
                )),
                Target::Stretch { tenths: 20, step: "5000" },
                &FINANCE,
            )
        },
        Measure {
            decimals: 0,
            status: Some(POINTS_5),
            aligned: &["financial-sustainability"],
            ..measure(
                "EB-FIN03",
                "% of the year's savings programme delivered",
                "Savings delivered in the financial year to date as a percentage of the savings in the year's budget.",
                "finance",
                Percentage,
                Higher,
                Quarterly,
                Ytd::Snapshot,
                Model::Collection {
                    finals: ["88", "94", "97", "91", "86", "93", "95"],
                    profile: SAVINGS_PROFILE,
                    noise: "3",
                },
                Target::Fixed("100"),
                &FINANCE,
            )
        },
        Measure {
            decimals: 0,
            ..measure(
                "EB-FIN04",
                "Sundry debt more than 90 days old (£)",
                "Sundry debtor invoices unpaid more than 90 days after issue, at the end of the quarter.",
                "finance",
                Money,
                Lower,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(
                    ["612000", "585000", "548000", "571000", "603000", "566000", "540000"],
                    FLAT,
                    "18000",
                )),
                Target::Stretch { tenths: 30, step: "10000" },
                &FINANCE,
            )
        },
        // ----------------------------------------------------------------- Human Resources
        Measure {
            decimals: 2,
            // A year of months before April 2020, so the rolling figure exists from April 2020.
            first_year: -1,
            ..measure(
                "EB-HR01",
                "Working days lost to sickness absence per FTE (rolling 12 months)",
                "Working days lost to sickness absence in the month divided by the average full-time equivalent staff; the figure reported is the sum of the last twelve months.",
                "hr",
                Days,
                Lower,
                Monthly,
                Ytd::Rolling12,
                Model::Value(series(
                    ["0.66", "0.74", "0.81", "0.77", "0.72", "0.70", "0.68"],
                    [-10, -12, -15, -18, -20, -5, 5, 12, 20, 25, 15, 5],
                    "0.05",
                )),
                Target::Years(["8.0", "8.0", "8.5", "9.0", "8.5", "8.5", "8.0"]),
                &PEOPLE,
            )
        },
        Measure {
            status: Some(POINTS_1),
            ..measure(
                "EB-HR02",
                "Voluntary staff turnover (rolling 12 months, %)",
                "Staff leaving voluntarily in the twelve months to the end of the quarter as a percentage of average headcount.",
                "hr",
                Percentage,
                Lower,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(["8.2", "13.9", "15.1", "12.4", "10.9", "10.1", "9.8"], FLAT, "0.5")),
                Target::Years(["10", "10", "12", "12", "11", "11", "10"]),
                &PEOPLE,
            )
        },
        Measure {
            decimals: 0,
            status: Some(POINTS_5),
            ..measure(
                "EB-HR03",
                "% of staff with an annual appraisal completed",
                "Staff in post all year with an appraisal recorded in the financial year, as a percentage of staff in post all year.",
                "hr",
                Percentage,
                Higher,
                Annual,
                Ytd::Snapshot,
                Model::Value(series(["71", "84", "88", "90", "93", "92", "92"], FLAT, "1.5")),
                Target::Years(["90", "90", "90", "95", "95", "95", "95"]),
                &PEOPLE,
            )
        },
        measure(
            "EB-HR04",
            "Average days from advert to offer",
            "Total calendar days from advert to conditional offer for appointments made in the period, divided by the number of appointments.",
            "hr",
            Days,
            Lower,
            Monthly,
            AVERAGE,
            Model::Fraction {
                rate: series(["42", "47", "51", "44", "39", "37", "36"], FLAT, "3.0"),
                volume: &Volume {
                    key: "appointments",
                    knots: ["13", "18", "20", "17", "16", "15", "14"],
                    season: FLAT,
                    noise_pct: 20,
                },
            },
            Target::Stretch { tenths: 50, step: "1" },
            &PEOPLE,
        ),
        // ----------------------------------------------------------------- Digital and ICT
        Measure {
            decimals: 2,
            status: Some(THRESHOLD),
            ..measure(
                "EB-ICT01",
                "% availability of core ICT systems in core hours",
                "Minutes the core systems were available between 8am and 6pm on working days, as a percentage of those minutes.",
                "digital",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Value(Series {
                    shocks: &[("2022-03", "-0.85"), ("2024-07", "-0.6")],
                    hi: Some("100"),
                    ..series(["99.62", "99.71", "99.80", "99.84", "99.88", "99.90", "99.91"], FLAT, "0.08")
                }),
                Target::Fixed("99.5"),
                &DIGITAL,
            )
        },
        Measure {
            status: Some(POINTS_3),
            ..measure(
                "EB-ICT02",
                "% of customer transactions completed online",
                "Transactions started and completed online (forms, payments, bookings) as a percentage of all customer transactions.",
                "digital",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: series(
                        ["41.5", "49.0", "55.5", "61.0", "65.5", "69.0", "71.5"],
                        [25, 5, 0, 0, 0, 0, 0, 0, -15, 5, 0, 10],
                        "1.0",
                    ),
                    volume: &Volume {
                        key: "transactions",
                        knots: ["24000", "22500", "23000", "23500", "24000", "24500", "25000"],
                        season: [15, 0, 0, 0, -5, 0, 0, 0, -15, 5, 0, 5],
                        noise_pct: 5,
                    },
                },
                Target::Stretch { tenths: 50, step: "1" },
                &DIGITAL,
            )
        },
        Measure {
            status: Some(r#"{ tolerance = "absolute", amber = "0.1" }"#),
            ..measure(
                "EB-ICT03",
                "Website satisfaction score",
                "Mean of the ratings left on the website's pages: +1 for a good rating, 0 for neutral and -1 for a poor one.",
                "digital",
                Score,
                Higher,
                Monthly,
                Ytd::MeanOfRatings,
                Model::Ratings {
                    score: series(["0.21", "0.26", "0.31", "0.29", "0.34", "0.38", "0.40"], FLAT, "0.06"),
                    volume: &Volume {
                        key: "web-ratings",
                        knots: ["410", "380", "360", "350", "340", "330", "320"],
                        season: FLAT,
                        noise_pct: 10,
                    },
                },
                Target::Years(["0.2", "0.25", "0.3", "0.3", "0.35", "0.35", "0.4"]),
                &DIGITAL,
            )
        },
        // ----------------------------------------------------------------- Customer Services
        Measure {
            status: Some(POINTS_5),
            ..measure(
                "EB-CS01",
                "% of calls answered within 60 seconds",
                "Calls to the contact centre answered within 60 seconds of joining the queue as a percentage of calls offered.",
                "customer-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        steps: &[("2023-10", "18")],
                        hi: Some("100"),
                        ..series(
                            ["62", "64", "57", "58", "60", "62", "63"],
                            [-80, -20, 0, 10, 10, 0, 0, 5, 15, -30, 0, -15],
                            "3.0",
                        )
                    },
                    volume: &CALLS_OFFERED,
                },
                Target::Years(["65", "65", "65", "65", "75", "80", "80"]),
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(POINTS_2),
            ..measure(
                "EB-CS02",
                "% of calls abandoned",
                "Calls to the contact centre where the caller hung up before being answered, as a percentage of calls offered.",
                "customer-services",
                Percentage,
                Lower,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        steps: &[("2023-10", "-9.8")],
                        lo: Some("1"),
                        ..series(
                            ["13.8", "12.9", "15.6", "15.1", "14.8", "14.5", "14.3"],
                            [40, 10, 0, -5, -5, 0, 0, 0, -20, 15, 0, 10],
                            "1.0",
                        )
                    },
                    volume: &CALLS_OFFERED,
                },
                Target::Years(["12", "12", "12", "12", "6", "6", "5"]),
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(POINTS_3),
            ..measure(
                "EB-CS03",
                "% of callers satisfied with the contact centre",
                "Callers answering the after-call survey who were satisfied or very satisfied, as a percentage of those answering.",
                "customer-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        steps: &[("2023-10", "5")],
                        hi: Some("100"),
                        ..series(["81", "83", "79", "80", "80", "81", "82"], FLAT, "2.0")
                    },
                    volume: &Volume {
                        key: "contact-survey",
                        knots: ["420", "400", "390", "380", "420", "430", "440"],
                        season: FLAT,
                        noise_pct: 10,
                    },
                },
                Target::Years(["85", "85", "85", "85", "85", "88", "88"]),
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(POINTS_5),
            ..measure(
                "EB-CS04",
                "% of stage 1 complaints answered within 10 working days",
                "Stage 1 complaints answered within 10 working days of receipt as a percentage of stage 1 complaints received.",
                "customer-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["78", "81", "76", "83", "87", "89", "90"], FLAT, "4.0") },
                    volume: &COMPLAINTS,
                },
                Target::Years(["85", "85", "85", "85", "90", "90", "90"]),
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(NONE),
            ..measure(
                "EB-CS05",
                "Stage 1 complaints received",
                "Stage 1 complaints received in the period, all services. Reported for information.",
                "customer-services",
                Count,
                Neither,
                Monthly,
                Ytd::Sum,
                Model::Volume(&COMPLAINTS),
                Target::None,
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(POINTS_5),
            tags: &["statutory"],
            ..measure(
                "EB-CS06",
                "% of Freedom of Information requests answered within 20 working days",
                "Freedom of Information and Environmental Information Regulations requests answered within 20 working days as a percentage of requests due in the period.",
                "customer-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["84", "88", "90", "86", "89", "92", "93"], FLAT, "4.0") },
                    volume: &Volume {
                        key: "foi-requests",
                        knots: ["68", "72", "75", "81", "86", "90", "92"],
                        season: FLAT,
                        noise_pct: 12,
                    },
                },
                Target::Fixed("90"),
                &CUSTOMERS,
            )
        },
        Measure {
            status: Some(NONE),
            ..measure(
                "EB-CS07",
                "Customer services: quarterly update",
                "What changed in customer services in the quarter, in words.",
                "customer-services",
                Text,
                Neither,
                Quarterly,
                Ytd::Snapshot,
                Model::Text(crate::events::CUSTOMER_UPDATES),
                Target::None,
                &CUSTOMERS,
            )
        },
        // ----------------------------------------------------------------- Housing Services
        Measure {
            status: Some(POINTS_1),
            ..measure(
                "EB-HS01",
                "% of rent collected from current tenants",
                "Rent collected from current tenants in the financial year to date as a percentage of rent due in the year to date.",
                "housing",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Value(Series {
                    hi: Some("100"),
                    ..series(
                        ["97.6", "98.2", "97.9", "97.4", "97.8", "98.3", "98.5"],
                        [-15, -8, -5, -3, -2, 0, 0, 1, 4, -2, 0, 6],
                        "0.25",
                    )
                }),
                Target::Years(["98.0", "98.0", "98.5", "98.0", "98.0", "98.5", "98.5"]),
                &HOMES,
            )
        },
        measure(
            "EB-HS02",
            "Average days to re-let general needs homes (key to key)",
            "Total days from the old tenancy's end to the new tenancy's start for general needs homes let in the period, divided by the number of lets.",
            "housing",
            Days,
            Lower,
            Monthly,
            AVERAGE,
            Model::Fraction {
                rate: Series {
                    steps: &[("2025-04", "-4")],
                    ..series(["38", "33", "31", "35", "33", "32", "30"], FLAT, "4.0")
                },
                volume: &Volume {
                    key: "general-needs-lets",
                    knots: ["24", "27", "26", "25", "23", "24", "25"],
                    season: FLAT,
                    noise_pct: 20,
                },
            },
            Target::Years(["36", "33", "32", "34", "32", "29", "27"]),
            &VOIDS,
        ),
        Measure {
            status: Some(PERCENT_10),
            ..measure(
                "EB-HS03",
                "Average days to re-let sheltered homes (key to key)",
                "Total days from the old tenancy's end to the new tenancy's start for sheltered homes let in the quarter, divided by the number of lets.",
                "housing",
                Days,
                Lower,
                Quarterly,
                AVERAGE,
                Model::Fraction {
                    rate: series(["92", "81", "74", "69", "66", "61", "58"], FLAT, "9"),
                    volume: &Volume {
                        key: "sheltered-lets",
                        knots: ["14", "16", "15", "13", "14", "15", "14"],
                        season: FLAT,
                        noise_pct: 20,
                    },
                },
                Target::Years(["90", "80", "75", "72", "68", "64", "60"]),
                &VOIDS,
            )
        },
        measure(
            "EB-HS04",
            "Rent lost through empty homes (£)",
            "Rent not collected because council homes were empty, in the period.",
            "housing",
            Money,
            Lower,
            Monthly,
            Ytd::Sum,
            Model::Value(series(["36500", "31200", "29800", "33400", "31800", "28200", "26100"], FLAT, "2500")),
            Target::Stretch { tenths: 50, step: "1000" },
            &VOIDS,
        ),
        Measure {
            decimals: 2,
            status: Some(THRESHOLD),
            tags: &["statutory", "building safety"],
            ..measure(
                "EB-HS05",
                "% of council homes with a valid gas safety certificate",
                "Council homes with a gas supply that have a gas safety certificate less than twelve months old at the end of the month, as a percentage of those homes.",
                "housing",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Value(Series {
                    hi: Some("100"),
                    ..series(["99.85", "99.93", "99.97", "100.00", "100.00", "100.00", "100.00"], FLAT, "0.05")
                }),
                Target::Fixed("100"),
                &HOMES,
            )
        },
        Measure {
            status: Some(POINTS_1),
            ..measure(
                "EB-HS06",
                "% of emergency repairs completed within 24 hours",
                "Emergency repairs completed within 24 hours of being reported as a percentage of emergency repairs completed.",
                "housing",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        hi: Some("100"),
                        ..series(
                            ["96.1", "97.0", "97.6", "97.2", "98.0", "98.3", "98.4"],
                            [0, 0, 0, 0, 0, 0, -5, -10, -15, -15, -10, 0],
                            "1.0",
                        )
                    },
                    volume: &Volume {
                        key: "emergency-repairs",
                        knots: ["310", "330", "340", "350", "345", "340", "335"],
                        season: [0, 0, 0, 0, 0, 0, 5, 15, 25, 25, 15, 5],
                        noise_pct: 8,
                    },
                },
                Target::Years(["97", "97", "98", "98", "98", "98.5", "98.5"]),
                &HOMES,
            )
        },
        Measure {
            status: Some(POINTS_3),
            ..measure(
                "EB-HS07",
                "% of routine repairs completed within 28 days",
                "Routine repairs completed within 28 calendar days of being reported as a percentage of routine repairs completed.",
                "housing",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["71", "79", "84", "86", "88", "90", "91"], FLAT, "1.5") },
                    volume: &Volume {
                        key: "routine-repairs",
                        knots: ["900", "1130", "1200", "1170", "1150", "1130", "1120"],
                        season: [0, 0, 0, 0, -10, 0, 0, 0, -10, 5, 0, 0],
                        noise_pct: 6,
                    },
                },
                Target::Years(["85", "85", "85", "88", "88", "90", "90"]),
                &HOMES,
            )
        },
        Measure {
            status: Some(POINTS_3),
            ..measure(
                "EB-HS08",
                "% of tenants satisfied with their last repair",
                "Tenants answering the post-repair survey who were satisfied or very satisfied, as a percentage of those answering.",
                "housing",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["86", "88", "87", "85", "88", "90", "91"], FLAT, "2.5") },
                    volume: &Volume {
                        key: "repairs-survey",
                        knots: ["105", "120", "127", "123", "122", "120", "118"],
                        season: FLAT,
                        noise_pct: 12,
                    },
                },
                Target::Years(["88", "88", "88", "88", "88", "90", "90"]),
                &HOMES,
            )
        },
        measure(
            "EB-HS09",
            "Current tenant rent arrears (£)",
            "Rent owed by current council tenants at the end of the month.",
            "housing",
            Money,
            Lower,
            Monthly,
            Ytd::Snapshot,
            Model::Value(series(
                ["912000", "968000", "1041000", "1096000", "1072000", "1018000", "985000"],
                [4, 3, 2, 2, 2, 1, 1, 0, -4, 3, 1, -6],
                "14000",
            )),
            Target::Years(["900000", "950000", "1000000", "1050000", "1075000", "1025000", "975000"]),
            &HOMES,
        ),
        Measure {
            status: Some(PERCENT_10),
            first_year: 3,
            new_measure: true,
            tags: &["building safety"],
            ..measure(
                "EB-HS10",
                "Open cases of damp and mould",
                "Cases of damp and mould reported by tenants that are open at the end of the month.",
                "housing",
                Count,
                Lower,
                Monthly,
                Ytd::Snapshot,
                Model::Value(series(
                    ["96", "96", "96", "96", "71", "48", "39"],
                    [-15, -20, -20, -15, -10, 0, 10, 25, 30, 30, 20, 5],
                    "6",
                )),
                Target::Years(["", "", "", "80", "60", "45", "40"]),
                &HOMES,
            )
        },
        Measure {
            status: Some(POINTS_1),
            aligned: &["homes-for-the-borough"],
            ..measure(
                "EB-HS11",
                "% of council homes meeting the Decent Homes Standard",
                "Council homes meeting the Decent Homes Standard on 31 March as a percentage of council homes.",
                "housing",
                Percentage,
                Higher,
                Annual,
                Ytd::Snapshot,
                Model::Value(series(["91.2", "92.5", "93.8", "94.1", "95.6", "96.4", "97.0"], FLAT, "0.3")),
                Target::Years(["92", "93", "94", "95", "96", "97", "97"]),
                &HOMES,
            )
        },
        // ----------------------------------------------------------------- Housing Options
        measure(
            "EB-HO01",
            "Homelessness preventions",
            "Households whose homelessness was prevented or relieved (they kept their home or moved to a settled one) in the period.",
            "housing-options",
            Count,
            Higher,
            Monthly,
            Ytd::Sum,
            Model::Value(series(
                ["24", "29", "33", "36", "38", "41", "43"],
                [-10, 0, 5, 0, -15, 5, 5, 0, -25, 15, 5, 10],
                "4",
            )),
            Target::Stretch { tenths: 50, step: "10" },
            &HOMELESSNESS,
        ),
        Measure {
            status: Some(r#"{ tolerance = "percent", amber = "10", beyond = "direction" }"#),
            aligned: &["homes-for-the-borough"],
            ..measure(
                "EB-HO02",
                "Households in temporary accommodation",
                "Households in temporary accommodation arranged by the council on the last day of the month.",
                "housing-options",
                Count,
                Lower,
                Monthly,
                Ytd::Snapshot,
                Model::Value(series(
                    ["62", "66", "81", "104", "123", "138", "146"],
                    [-3, -3, -2, -2, 0, 0, 2, 4, 6, 6, 3, 0],
                    "3",
                )),
                Target::Years(["60", "65", "75", "100", "110", "125", "135"]),
                &HOMELESSNESS,
            )
        },
        Measure {
            status: Some(THRESHOLD),
            tags: &["statutory"],
            ..measure(
                "EB-HO03",
                "Families with children in bed and breakfast for more than six weeks",
                "Households with children or a pregnant member in bed and breakfast accommodation for more than six weeks, on the last day of the month.",
                "housing-options",
                Count,
                Lower,
                Monthly,
                Ytd::Snapshot,
                Model::Value(series(["0.2", "0.3", "0.8", "1.6", "1.1", "0.5", "0.3"], FLAT, "0.8")),
                Target::Fixed("0"),
                &HOMELESSNESS,
            )
        },
        Measure {
            status: Some(r#"{ tolerance = "absolute", amber = "2" }"#),
            ..measure(
                "EB-HO04",
                "People sleeping rough",
                "People seen sleeping rough on the night of the quarter's street count.",
                "housing-options",
                Count,
                Lower,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(["9", "7", "8", "11", "12", "10", "9"], FLAT, "2")),
                Target::Years(["5", "5", "5", "8", "8", "8", "8"]),
                &HOMELESSNESS,
            )
        },
        Measure {
            status: Some(NONE),
            ..measure(
                "EB-HO05",
                "Homelessness approaches",
                "Households approaching the council as homeless or threatened with homelessness in the period. Reported for information.",
                "housing-options",
                Count,
                Neither,
                Monthly,
                Ytd::Sum,
                Model::Value(series(
                    ["118", "126", "139", "152", "161", "168", "172"],
                    [-5, 0, 0, 0, -5, 5, 5, 5, -15, 10, 5, 5],
                    "9",
                )),
                Target::None,
                &HOMELESSNESS,
            )
        },
        Measure {
            decimals: 0,
            ..measure(
                "EB-HO06",
                "Average days in temporary accommodation",
                "Total days spent in temporary accommodation by households leaving it in the quarter, divided by the number leaving.",
                "housing-options",
                Days,
                Lower,
                Quarterly,
                AVERAGE,
                Model::Fraction {
                    rate: series(["148", "162", "189", "224", "241", "236", "228"], FLAT, "15"),
                    volume: &Volume {
                        key: "ta-leavers",
                        knots: ["48", "52", "46", "44", "49", "53", "55"],
                        season: FLAT,
                        noise_pct: 15,
                    },
                },
                Target::Years(["150", "160", "180", "200", "220", "230", "230"]),
                &HOMELESSNESS,
            )
        },
        Measure {
            aligned: &["homes-for-the-borough"],
            ..measure(
                "EB-HO07",
                "Affordable homes delivered",
                "New affordable homes (social rent, affordable rent and shared ownership) completed in the borough in the period, by the council and registered providers.",
                "housing-options",
                Count,
                Higher,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(
                    ["14", "21", "26", "19", "23", "28", "30"],
                    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0],
                    "6",
                )),
                Target::Years(["70", "85", "100", "90", "95", "110", "120"]),
                &HOMELESSNESS,
            )
        },
        // ----------------------------------------------------------------- Environmental Services
        Measure {
            former_owner: Some("waste-recycling"),
            status: Some(PERCENT_10),
            ..measure(
                "EB-WR01",
                "Missed bin collections per 100,000 collections",
                "Missed collections reported and accepted, per 100,000 scheduled bin collections, all waste streams.",
                "environmental-services",
                Rate(100000),
                Lower,
                Monthly,
                Ytd::Ratio("100000"),
                Model::Fraction {
                    rate: series(
                        ["52", "47", "58", "71", "54", "46", "43"],
                        [0, 5, 0, 0, 10, 0, 0, 10, 60, 45, 25, 0],
                        "5",
                    ),
                    volume: &Volume {
                        key: "bin-collections",
                        knots: ["178000", "181000", "183000", "185000", "187000", "189000", "190000"],
                        season: [0, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0],
                        noise_pct: 1,
                    },
                },
                Target::Stretch { tenths: 50, step: "5" },
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("waste-recycling"),
            status: Some(POINTS_2),
            aligned: &["cleaner-greener"],
            ..measure(
                "EB-WR02",
                "% of household waste sent for reuse, recycling and composting",
                "Household waste sent for reuse, recycling or composting as a percentage of household waste collected, by tonnage.",
                "environmental-services",
                Percentage,
                Higher,
                Quarterly,
                PERCENT,
                Model::Fraction {
                    rate: series(
                        ["41.8", "42.6", "41.1", "43.4", "44.7", "45.9", "46.6"],
                        [0, 30, 0, 0, 25, 0, 0, -15, 0, 0, -45, 0],
                        "0.6",
                    ),
                    volume: &Volume {
                        key: "household-waste-tonnes",
                        knots: ["11800", "11500", "11200", "11000", "10900", "10800", "10700"],
                        season: [0, 8, 0, 0, 8, 0, 0, 0, 0, 0, -8, 0],
                        noise_pct: 3,
                    },
                },
                Target::Years(["43", "44", "44", "45", "46", "47", "48"]),
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("waste-recycling"),
            aligned: &["climate-action"],
            ..measure(
                "EB-WR03",
                "Residual household waste per household (kg)",
                "Household waste not reused, recycled or composted, in kilograms per household, in the period.",
                "environmental-services",
                Count,
                Lower,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(
                    ["118", "112", "109", "106", "104", "101", "99"],
                    [0, 0, 0, 0, 0, 0, 0, 6, 0, 0, -3, 0],
                    "2",
                )),
                Target::Stretch { tenths: 20, step: "5" },
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("waste-recycling"),
            ..measure(
                "EB-WR04",
                "Garden waste subscriptions",
                "Households subscribed to the garden waste collection at the end of the quarter.",
                "environmental-services",
                Count,
                Higher,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(
                    ["15800", "16900", "17400", "17100", "17900", "18600", "19100"],
                    [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, -3, 0],
                    "150",
                )),
                Target::Stretch { tenths: 20, step: "100" },
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("street-scene"),
            aligned: &["cleaner-greener"],
            ..measure(
                "EB-SS01",
                "Fly-tipping incidents reported",
                "Fly-tipping incidents on public land reported to or found by the council in the period.",
                "environmental-services",
                Count,
                Lower,
                Monthly,
                Ytd::Sum,
                Model::Volume(&FLY_TIPS),
                Target::Stretch { tenths: 0, step: "50" },
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("street-scene"),
            status: Some(POINTS_3),
            ..measure(
                "EB-SS02",
                "% of fly-tips cleared within two working days",
                "Fly-tipping incidents cleared within two working days of being reported, as a percentage of incidents reported.",
                "environmental-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["88", "90", "91", "87", "92", "94", "95"], FLAT, "2.5") },
                    volume: &FLY_TIPS,
                },
                Target::Years(["90", "90", "92", "92", "92", "95", "95"]),
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("street-scene"),
            status: Some(POINTS_1),
            aligned: &["cleaner-greener"],
            ..measure(
                "EB-SS03",
                "% of land and highways with unacceptable litter",
                "Sites surveyed in the quarter with litter below grade B of the Code of Practice on Litter and Refuse, as a percentage of sites surveyed.",
                "environmental-services",
                Percentage,
                Lower,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(series(["7.8", "6.9", "6.4", "7.5", "6.1", "5.4", "5.2"], FLAT, "0.8")),
                Target::Years(["7", "7", "6", "6", "6", "5", "5"]),
                &STREETS,
            )
        },
        Measure {
            former_owner: Some("street-scene"),
            ..measure(
                "EB-SS04",
                "Fixed penalty notices issued for environmental offences",
                "Fixed penalty notices issued for fly-tipping, littering and duty of care offences in the period.",
                "environmental-services",
                Count,
                Higher,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(["38", "61", "87", "104", "96", "112", "118"], FLAT, "10")),
                Target::Stretch { tenths: 50, step: "10" },
                &STREETS,
            )
        },
        Measure {
            status: Some(POINTS_2),
            retired: Some((
                3,
                "Replaced by EB-ENV01 when Waste and Recycling and Street Scene merged into Environmental Services on 1 April 2023",
            )),
            ..measure(
                "EB-SS05",
                "% of streets cleansed to schedule",
                "Scheduled street cleansing beats completed in the month as a percentage of beats scheduled.",
                "street-scene",
                Percentage,
                Higher,
                Monthly,
                Ytd::Snapshot,
                Model::Value(Series {
                    hi: Some("100"),
                    ..series(
                        ["93.5", "94.8", "95.1", "95.0", "95.0", "95.0", "95.0"],
                        [0, -10, -15, -10, 0, 0, 5, 0, -5, -10, 0, 0],
                        "1.2",
                    )
                }),
                Target::Years(["95", "95", "95", "", "", "", ""]),
                &STREETS,
            )
        },
        Measure {
            status: Some(POINTS_2),
            first_year: 3,
            new_measure: true,
            ..measure(
                "EB-ENV01",
                "% of scheduled street cleansing and grounds maintenance completed",
                "Scheduled street cleansing and grounds maintenance tasks completed in the month as a percentage of tasks scheduled.",
                "environmental-services",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        hi: Some("100"),
                        ..series(
                            ["93.2", "93.2", "93.2", "93.2", "95.4", "96.3", "96.8"],
                            [0, -15, -15, -10, -5, 0, 0, 0, 0, 0, 0, 0],
                            "1.0",
                        )
                    },
                    volume: &Volume {
                        key: "scheduled-tasks",
                        knots: ["4200", "4200", "4200", "4200", "4300", "4350", "4400"],
                        season: [10, 20, 20, 20, 10, 0, -10, -15, -20, -20, -10, 0],
                        noise_pct: 3,
                    },
                },
                Target::Years(["", "", "", "95", "95", "96", "97"]),
                &STREETS,
            )
        },
        // ----------------------------------------------------------------- Planning and Building Control
        Measure {
            status: Some(POINTS_5),
            tags: &["statutory"],
            ..measure(
                "EB-PL01",
                "% of major planning applications decided within 13 weeks or an agreed extension",
                "Major planning applications decided within 13 weeks, or within an extension of time agreed with the applicant, as a percentage of major applications decided.",
                "planning",
                Percentage,
                Higher,
                Quarterly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["88", "91", "86", "83", "90", "93", "94"], FLAT, "6") },
                    volume: &Volume {
                        key: "major-applications",
                        knots: ["9", "11", "10", "8", "9", "10", "9"],
                        season: FLAT,
                        noise_pct: 25,
                    },
                },
                Target::Years(["80", "85", "85", "85", "90", "90", "90"]),
                &REGULATION,
            )
        },
        Measure {
            status: Some(POINTS_5),
            tags: &["statutory"],
            ..measure(
                "EB-PL02",
                "% of minor planning applications decided within 8 weeks or an agreed extension",
                "Minor planning applications decided within 8 weeks, or within an extension of time agreed with the applicant, as a percentage of minor applications decided.",
                "planning",
                Percentage,
                Higher,
                Quarterly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["82", "86", "79", "77", "85", "89", "90"], FLAT, "4") },
                    volume: &Volume {
                        key: "minor-applications",
                        knots: ["78", "86", "80", "71", "69", "74", "76"],
                        season: FLAT,
                        noise_pct: 10,
                    },
                },
                Target::Years(["80", "85", "85", "85", "85", "88", "90"]),
                &REGULATION,
            )
        },
        Measure {
            status: Some(POINTS_5),
            ..measure(
                "EB-PL03",
                "% of other planning applications decided within 8 weeks or an agreed extension",
                "Other planning applications (householder, change of use, advertisements) decided within 8 weeks or an agreed extension, as a percentage of those decided.",
                "planning",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        hi: Some("100"),
                        ..series(
                            ["86", "89", "82", "80", "87", "91", "92"],
                            [0, 0, 0, -20, -30, 0, 0, 0, -20, 0, 0, 0],
                            "4",
                        )
                    },
                    volume: &Volume {
                        key: "other-applications",
                        knots: ["95", "112", "101", "88", "84", "90", "93"],
                        season: [5, 10, 10, 5, -5, 0, 0, -5, -20, 0, 5, 5],
                        noise_pct: 12,
                    },
                },
                Target::Years(["85", "90", "85", "85", "85", "90", "90"]),
                &REGULATION,
            )
        },
        Measure {
            status: Some(POINTS_5),
            ..measure(
                "EB-PL04",
                "% of planning appeals allowed",
                "Appeals against the council's planning decisions allowed by the Planning Inspectorate as a percentage of appeals decided in the quarter.",
                "planning",
                Percentage,
                Lower,
                Quarterly,
                PERCENT,
                Model::Fraction {
                    rate: series(["28", "31", "35", "33", "29", "27", "26"], FLAT, "10"),
                    volume: &Volume {
                        key: "planning-appeals",
                        knots: ["6", "8", "7", "9", "8", "7", "7"],
                        season: FLAT,
                        noise_pct: 30,
                    },
                },
                Target::Fixed("30"),
                &REGULATION,
            )
        },
        // ----------------------------------------------------------------- Environmental Health and Licensing
        Measure {
            status: Some(POINTS_1),
            ..measure(
                "EB-EH01",
                "% of food businesses broadly compliant",
                "Food businesses rated 3 or above under the Food Hygiene Rating Scheme at the end of the quarter, as a percentage of rated businesses.",
                "environmental-health",
                Percentage,
                Higher,
                Quarterly,
                Ytd::Snapshot,
                Model::Value(Series {
                    hi: Some("100"),
                    ..series(["95.1", "94.4", "93.6", "94.8", "95.9", "96.4", "96.7"], FLAT, "0.4")
                }),
                Target::Years(["95", "95", "95", "95", "96", "96", "97"]),
                &REGULATION,
            )
        },
        Measure {
            status: Some(POINTS_5),
            ..measure(
                "EB-EH02",
                "% of high-risk food inspections completed when due",
                "Inspections of food businesses in risk categories A and B completed by their due date, as a percentage of those due in the quarter.",
                "environmental-health",
                Percentage,
                Higher,
                Quarterly,
                PERCENT,
                Model::Fraction {
                    rate: Series { hi: Some("100"), ..series(["52", "74", "88", "93", "96", "97", "97"], FLAT, "4") },
                    volume: &Volume {
                        key: "high-risk-inspections",
                        knots: ["30", "44", "52", "50", "48", "47", "46"],
                        season: FLAT,
                        noise_pct: 15,
                    },
                },
                Target::Years(["90", "90", "95", "95", "95", "95", "95"]),
                &REGULATION,
            )
        },
        Measure {
            status: Some(POINTS_3),
            ..measure(
                "EB-EH03",
                "% of noise complaints responded to within 3 working days",
                "Noise complaints where the complainant was contacted within 3 working days, as a percentage of noise complaints received.",
                "environmental-health",
                Percentage,
                Higher,
                Monthly,
                PERCENT,
                Model::Fraction {
                    rate: Series {
                        hi: Some("100"),
                        ..series(
                            ["87", "91", "92", "90", "93", "94", "94"],
                            [0, -10, -20, -20, -10, 0, 0, 0, 0, 0, 0, 0],
                            "2.5",
                        )
                    },
                    volume: &Volume {
                        key: "noise-complaints",
                        knots: ["118", "96", "92", "90", "88", "86", "85"],
                        season: [10, 30, 40, 40, 20, 0, -10, -15, -10, -20, -15, -5],
                        noise_pct: 10,
                    },
                },
                Target::Years(["90", "90", "90", "92", "92", "92", "92"]),
                &REGULATION,
            )
        },
        // ----------------------------------------------------------------- Leisure and Culture
        Measure {
            covid: Some([0, 0, 0, 35, 45, 45, 40, 5, 20, 0, 0, 0]),
            ..measure(
                "EB-LC01",
                "Visits to leisure centres",
                "Visits to the council's two leisure centres (swims, gym sessions, classes and courts) in the period.",
                "leisure",
                Count,
                Higher,
                Monthly,
                Ytd::Sum,
                Model::Value(series(
                    ["64000", "48000", "61000", "64500", "66800", "68300", "69100"],
                    [0, 0, -5, -10, -15, 5, 5, 0, -25, 20, 10, 5],
                    "1500",
                )),
                Target::Years(["750000", "450000", "650000", "750000", "780000", "800000", "820000"]),
                &LEISURE,
            )
        },
        Measure {
            decimals: 0,
            covid: Some([5, 5, 5, 30, 30, 30, 15, 15, 15, 10, 10, 10]),
            ..measure(
                "EB-LC02",
                "Leisure and culture income (£)",
                "Income from leisure centre memberships, admissions, room hire and the theatre in the period.",
                "leisure",
                Money,
                Higher,
                Quarterly,
                Ytd::Sum,
                Model::Value(series(
                    ["210000", "160000", "195000", "205000", "214000", "221000", "226000"],
                    FLAT,
                    "9000",
                )),
                Target::Years(["820000", "600000", "780000", "820000", "850000", "880000", "900000"]),
                &LEISURE,
            )
        },
        // ----------------------------------------------------------------- Policy and Performance
        Measure {
            decimals: 0,
            status: Some(POINTS_3),
            ..measure(
                "EB-PP01",
                "% of residents satisfied with the way the council runs things",
                "Residents answering the annual residents' survey who are very or fairly satisfied with the way the council runs things.",
                "policy-performance",
                Percentage,
                Higher,
                Annual,
                Ytd::Snapshot,
                Model::Value(series(["64", "61", "58", "57", "59", "60", "61"], FLAT, "1.5")),
                Target::Years(["65", "65", "62", "60", "60", "62", "62"]),
                &SURVEY,
            )
        },
        Measure {
            decimals: 0,
            status: Some(POINTS_3),
            ..measure(
                "EB-PP02",
                "% of residents satisfied with their local area as a place to live",
                "Residents answering the annual residents' survey who are very or fairly satisfied with their local area as a place to live.",
                "policy-performance",
                Percentage,
                Higher,
                Annual,
                Ytd::Snapshot,
                Model::Value(series(["79", "78", "75", "76", "77", "78", "78"], FLAT, "1.2")),
                Target::Years(["80", "80", "80", "78", "78", "78", "80"]),
                &SURVEY,
            )
        },
        Measure {
            status: Some(NONE),
            ..measure(
                "EB-PP03",
                "Borough Plan delivery: quarterly summary",
                "The Head of Policy and Performance's summary of Borough Plan delivery in the quarter, in words.",
                "policy-performance",
                Text,
                Neither,
                Quarterly,
                Ytd::Snapshot,
                Model::Text(crate::events::PLAN_UPDATES),
                Target::None,
                &SURVEY,
            )
        },
        Measure {
            aligned: &["climate-action"],
            ..measure(
                "EB-CL01",
                "Council's own carbon emissions (tonnes CO2e)",
                "Scope 1 and 2 greenhouse gas emissions from the council's buildings, fleet and street lighting in the financial year, in tonnes of carbon dioxide equivalent.",
                "policy-performance",
                Count,
                Lower,
                Annual,
                Ytd::Snapshot,
                Model::Value(series(["4210", "4030", "3810", "3560", "3290", "3080", "2900"], FLAT, "40")),
                Target::Years(["4300", "4000", "3800", "3500", "3250", "3000", "2800"]),
                &SURVEY,
            )
        },
    ]
}
