//! The forecasting methods, from the simplest. A committee is told which
//! one made a forecast, in words, and why it was chosen (its backtest
//! error against the others').

use serde::Serialize;

/// A way of forecasting a measure's next results. The order is the order of
/// simplicity, which breaks ties in the backtest: the simpler method wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The latest result, carried forward (FPP3 §5.2).
    Naive,
    /// The result for the same period a year earlier (FPP3 §5.2).
    SeasonalNaive,
    /// Simple exponential smoothing: a level (FPP3 §8.1, ETS(A,N,N)).
    Simple,
    /// A level and a trend that flattens out further ahead (FPP3 §8.2, ETS(A,Ad,N)).
    DampedTrend,
    /// Holt-Winters additive: a level, a seasonal pattern and, when it fits
    /// better, a damped trend (FPP3 §8.3, ETS(A,N,A) or ETS(A,Ad,A)).
    HoltWinters,
}

impl Method {
    /// Every method, simplest first.
    pub const ALL: [Method; 5] =
        [Method::Naive, Method::SeasonalNaive, Method::Simple, Method::DampedTrend, Method::HoltWinters];

    /// The word for it in the store, the API and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Method::Naive => "naive",
            Method::SeasonalNaive => "seasonal-naive",
            Method::Simple => "simple-smoothing",
            Method::DampedTrend => "damped-trend",
            Method::HoltWinters => "holt-winters",
        }
    }

    /// The method a code ([`Method::code`]) names, if any.
    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Its name, for a table of scores.
    pub fn label(self) -> &'static str {
        match self {
            Method::Naive => "Naive",
            Method::SeasonalNaive => "Seasonal naive",
            Method::Simple => "Simple exponential smoothing",
            Method::DampedTrend => "Damped trend",
            Method::HoltWinters => "Holt-Winters",
        }
    }

    /// The method in words for a committee.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Naive => "Naive: the latest result, carried forward",
            Method::SeasonalNaive => {
                "Seasonal naive: the result for the same period last year (the same month, or the same quarter)"
            }
            Method::Simple => {
                "Simple exponential smoothing: a weighted average of past results, the most recent weighing most"
            }
            Method::DampedTrend => {
                "Damped trend: the recent level and trend of the results, the trend flattening out further ahead"
            }
            Method::HoltWinters => {
                "Holt-Winters: the recent level and seasonal pattern of the results, with a damped trend where one fits better"
            }
        }
    }

    /// Whether the method smooths (has parameters chosen from the history).
    pub fn smooths(self) -> bool {
        matches!(self, Method::Simple | Method::DampedTrend | Method::HoltWinters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_each_method_once_and_read_back() {
        for m in Method::ALL {
            assert_eq!(Method::from_code(m.code()), Some(m));
            assert!(m.describe().starts_with(m.label()), "{m:?}");
        }
        assert_eq!(Method::from_code("arima"), None);
    }

    #[test]
    fn simpler_methods_sort_first() {
        let mut sorted = Method::ALL;
        sorted.sort();
        assert_eq!(sorted, Method::ALL);
        assert!(Method::Naive < Method::SeasonalNaive && Method::SeasonalNaive < Method::Simple);
    }
}
