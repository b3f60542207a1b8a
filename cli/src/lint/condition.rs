//! Conditions as logic: when one always holds, never holds, or implies another.
//!
//! Every answer here is a proof or "don't know": `implies(a, b)` is true only when every
//! context that passes `a` passes `b` under the core's semantics (docs/format.md), and false
//! whenever that is not certain. The findings built on it must never be wrong, so each rule
//! below is one that also holds for list attributes, missing attributes and values of the
//! wrong type:
//! - a positive operator passes a list when some element passes, so an implication between
//!   two tests of one attribute holds when it holds element by element;
//! - every test fails on a missing attribute, so any test of an attribute implies `exists`;
//! - `in` is the `any` of its values' `equals` (exactly, lists included);
//! - `notIn`/`notEquals` hold when no element passes the positive test, so `notIn S` implies
//!   `notIn T` for every T within S;
//! - numbers are compared only where two parsers cannot disagree: integers up to 2^53 exactly,
//!   other numbers only when they differ by far more than a rounding error (a decimal is read
//!   by the core's parser and by serde_json's, which may differ in the last bits);
//! - `matches` and `semver` are compared as text only (equal pattern, equal meaning).
//!
//! Segments are expanded in place (they cannot reference segments). The search for a proof is
//! bounded by a [`Budget`]: once spent, the answer is "don't know".

use serde_json::{Map, Value};

/// How many implication steps one question may take before giving up (answering false).
const QUESTION_STEPS: usize = 20_000;

/// The largest number of disjuncts [`disjuncts`] splits a condition into.
const MAX_DISJUNCTS: usize = 64;

/// The largest `notIn` comparison (values × values) attempted.
const MAX_SET_PAIRS: usize = 1_000_000;

/// Implication steps left for a whole analysis (one flag), so that no ruleset makes the
/// linter slow: once spent, every further question answers "don't know".
#[derive(Debug)]
pub struct Budget(usize);

impl Budget {
    /// A budget of `steps` implication steps.
    pub fn new(steps: usize) -> Budget {
        Budget(steps)
    }
}

/// A normalized condition, with whether it always or never holds worked out once.
#[derive(Clone, Debug)]
pub struct Cond {
    node: Node,
    always: bool,
    never: bool,
}

/// The forms of a condition.
#[derive(Clone, Debug)]
enum Node {
    /// Every child holds (`all`; the empty list holds).
    All(Vec<Cond>),
    /// Some child holds (`any`, and `in`; the empty list never holds).
    Any(Vec<Cond>),
    /// The child does not hold.
    Not(Box<Cond>),
    /// A test of one attribute.
    Test(String, Test),
}

impl Cond {
    /// The condition of a rule without `when`: it holds for everybody.
    pub fn everybody() -> Cond {
        Cond::all(Vec::new())
    }

    /// A condition this module could not read: it implies only conditions that always hold.
    /// (Its test is on the empty attribute name, which the core refuses in a ruleset.)
    pub fn unknown() -> Cond {
        Cond::test("", Test::Unknown)
    }

    fn all(children: Vec<Cond>) -> Cond {
        Cond {
            always: children.iter().all(|c| c.always),
            never: children.iter().any(|c| c.never),
            node: Node::All(children),
        }
    }

    fn any(children: Vec<Cond>) -> Cond {
        Cond {
            always: children.iter().any(|c| c.always),
            never: children.iter().all(|c| c.never),
            node: Node::Any(children),
        }
    }

    fn not(child: Cond) -> Cond {
        Cond {
            always: child.never,
            never: child.always,
            node: Node::Not(Box::new(child)),
        }
    }

    /// A test never always holds (a missing attribute fails it), and is never certain to
    /// fail.
    fn test(attr: &str, test: Test) -> Cond {
        Cond {
            node: Node::Test(attr.to_owned(), test),
            always: false,
            never: false,
        }
    }

    /// The condition holds for every context (an absent `when`, an empty `all`, ...).
    pub fn always(&self) -> bool {
        self.always
    }

    /// The condition holds for no context (an empty `any` or `in`, ...).
    pub fn never(&self) -> bool {
        self.never
    }
}

/// The test of one attribute (operators normalized: `in` becomes `any` of `equals`,
/// `notEquals v` becomes `notIn [v]`).
#[derive(Clone, Debug)]
enum Test {
    /// `exists`.
    Exists,
    /// `equals`.
    Equals(Scalar),
    /// `notIn` (and `notEquals`).
    NotIn(Vec<Scalar>),
    /// `startsWith`.
    StartsWith(String),
    /// `endsWith`.
    EndsWith(String),
    /// `contains`.
    Contains(String),
    /// `lt`, `lte`, `gt`, `gte`.
    Compare(Order, Number),
    /// `before` (false) or `after` (true), at epoch ms.
    Time(bool, i64),
    /// An operator compared by its name and text operand only (`matches`, `semver`).
    Text(String, String),
    /// Any other test: it implies only `exists`, and nothing implies it.
    Unknown,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// An `equals` / `in` operand.
#[derive(Clone, Debug)]
enum Scalar {
    Str(String),
    Bool(bool),
    Num(Number),
}

/// A number operand and whether it is certainly the double the core reads.
#[derive(Clone, Copy, Debug)]
struct Number {
    value: f64,
    /// An integer of magnitude at most 2^53: every parser reads it exactly.
    exact: bool,
}

/// The largest integer every parser reads exactly as a double.
const EXACT_INTEGERS: u64 = 1 << 53;

impl Number {
    fn of(number: &serde_json::Number) -> Option<Number> {
        let exact = number
            .as_i64()
            .map(i64::unsigned_abs)
            .or(number.as_u64())
            .is_some_and(|magnitude| magnitude <= EXACT_INTEGERS);
        let value = number.as_f64()?;
        value.is_finite().then_some(Number { value, exact })
    }

    /// Certainly the same double in the core.
    fn same(self, other: Number) -> bool {
        self.exact && other.exact && self.value == other.value
    }

    /// Certainly `self > other` in the core.
    fn above(self, other: Number) -> bool {
        if self.exact && other.exact {
            self.value > other.value
        } else {
            // Far beyond any difference between two parsers of one decimal (a few units in
            // the last place, ~1e-16 relative).
            let scale = self.value.abs().max(other.value.abs()).max(1.0);
            self.value - other.value > scale * 1e-9
        }
    }

    /// Certainly `self >= other` in the core.
    fn at_least(self, other: Number) -> bool {
        self.same(other) || self.above(other)
    }
}

impl Scalar {
    /// Certainly equal in the core's `equals`.
    fn same(&self, other: &Scalar) -> bool {
        match (self, other) {
            (Scalar::Str(a), Scalar::Str(b)) => a == b,
            (Scalar::Bool(a), Scalar::Bool(b)) => a == b,
            (Scalar::Num(a), Scalar::Num(b)) => a.same(*b),
            _ => false,
        }
    }

    fn of(value: &Value) -> Option<Scalar> {
        match value {
            Value::String(s) => Some(Scalar::Str(s.clone())),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::Number(n) => Number::of(n).map(Scalar::Num),
            _ => None,
        }
    }
}

/// Deeper than the core allows (32 levels, plus a segment): not a condition it accepted.
const MAX_DEPTH: usize = 40;

/// Normalizes a condition of a document; `segment` looks up a segment's condition. `None`
/// when it does not read as a condition (then nothing is claimed about its rule).
pub fn read(value: &Value, segment: &dyn Fn(&str) -> Option<Value>) -> Option<Cond> {
    read_depth(value, segment, 0)
}

fn read_depth(
    value: &Value,
    segment: &dyn Fn(&str) -> Option<Value>,
    depth: usize,
) -> Option<Cond> {
    if depth > MAX_DEPTH {
        return None;
    }
    let object = value.as_object()?;
    let list = |children: &Value| -> Option<Vec<Cond>> {
        children
            .as_array()?
            .iter()
            .map(|c| read_depth(c, segment, depth + 1))
            .collect()
    };
    // Keys other than these and the test's are annotations ($..., x-...).
    if let Some(children) = object.get("all") {
        return Some(Cond::all(list(children)?));
    }
    if let Some(children) = object.get("any") {
        return Some(Cond::any(list(children)?));
    }
    if let Some(child) = object.get("not") {
        return Some(Cond::not(read_depth(child, segment, depth + 1)?));
    }
    if let Some(name) = object.get("segment") {
        let condition = segment(name.as_str()?)?;
        return read_depth(&condition, segment, depth + 1);
    }
    let attr = object.get("attr")?.as_str()?;
    let op = object.get("op")?.as_str()?;
    Some(read_test(attr, op, object))
}

fn read_test(attr: &str, op: &str, object: &Map<String, Value>) -> Cond {
    let value = object.get("value");
    let text = || value.and_then(Value::as_str).map(str::to_owned);
    let scalar = || value.and_then(Scalar::of);
    let scalars = || -> Option<Vec<Scalar>> {
        object
            .get("values")?
            .as_array()?
            .iter()
            .map(Scalar::of)
            .collect()
    };
    let test = match op {
        "exists" => Some(Test::Exists),
        "equals" => scalar().map(Test::Equals),
        "notEquals" => scalar().map(|s| Test::NotIn(vec![s])),
        "in" => {
            return match scalars() {
                Some(list) => Cond::any(
                    list.into_iter()
                        .map(|s| Cond::test(attr, Test::Equals(s)))
                        .collect(),
                ),
                None => Cond::test(attr, Test::Unknown),
            }
        }
        "notIn" => scalars().map(Test::NotIn),
        "startsWith" => text().map(Test::StartsWith),
        "endsWith" => text().map(Test::EndsWith),
        "contains" => text().map(Test::Contains),
        "lt" | "lte" | "gt" | "gte" => {
            let order = match op {
                "lt" => Order::Lt,
                "lte" => Order::Lte,
                "gt" => Order::Gt,
                _ => Order::Gte,
            };
            match value {
                Some(Value::Number(n)) => Number::of(n).map(|n| Test::Compare(order, n)),
                _ => None,
            }
        }
        "before" | "after" => value
            .and_then(super::model::time)
            .map(|at| Test::Time(op == "after", at)),
        "matches" => text().map(|pattern| Test::Text(op.to_owned(), pattern)),
        "semver" => object
            .get("range")
            .and_then(Value::as_str)
            .map(|range| Test::Text(op.to_owned(), range.to_owned())),
        _ => None,
    };
    Cond::test(attr, test.unwrap_or(Test::Unknown))
}

/// Conditions whose `any` is exactly `c` (`any` and `in` split, `all` distributed over
/// them), or `[c]` when splitting would give more than [`MAX_DISJUNCTS`].
pub fn disjuncts(c: &Cond) -> Vec<Cond> {
    split(c).unwrap_or_else(|| vec![c.clone()])
}

fn split(c: &Cond) -> Option<Vec<Cond>> {
    match &c.node {
        Node::Any(children) => {
            let mut parts = Vec::new();
            for child in children {
                parts.extend(split(child)?);
                if parts.len() > MAX_DISJUNCTS {
                    return None;
                }
            }
            Some(parts)
        }
        Node::All(children) => {
            let mut products: Vec<Vec<Cond>> = vec![Vec::new()];
            for child in children {
                let parts = split(child)?;
                if products.len().saturating_mul(parts.len()) > MAX_DISJUNCTS {
                    return None;
                }
                products = products
                    .iter()
                    .flat_map(|prefix| {
                        parts.iter().map(move |part| {
                            let mut conjunction = prefix.clone();
                            conjunction.push(part.clone());
                            conjunction
                        })
                    })
                    .collect();
            }
            Some(products.into_iter().map(Cond::all).collect())
        }
        _ => Some(vec![c.clone()]),
    }
}

/// True when every context that passes `a` passes `b`; false when that is not proven
/// (within the budget, which it spends).
pub fn implies(a: &Cond, b: &Cond, budget: &mut Budget) -> bool {
    let mut steps = budget.0.min(QUESTION_STEPS);
    let start = steps;
    let proven = implies_within(a, b, &mut steps);
    budget.0 -= start - steps;
    proven
}

fn implies_within(a: &Cond, b: &Cond, steps: &mut usize) -> bool {
    if *steps == 0 {
        return false;
    }
    *steps -= 1;
    if b.always || a.never {
        return true;
    }
    // Exact decompositions first: b = all(..) needs every part; a = any(..) every branch.
    if let Node::All(parts) = &b.node {
        return parts.iter().all(|part| implies_within(a, part, steps));
    }
    if let Node::Any(branches) = &a.node {
        return branches
            .iter()
            .all(|branch| implies_within(branch, b, steps));
    }
    // Then sufficient conditions.
    if let Node::All(parts) = &a.node {
        if parts.iter().any(|part| implies_within(part, b, steps)) {
            return true;
        }
    }
    if let Node::Any(branches) = &b.node {
        if branches
            .iter()
            .any(|branch| implies_within(a, branch, steps))
        {
            return true;
        }
    }
    match (&a.node, &b.node) {
        (Node::Not(x), Node::Not(y)) => implies_within(y, x, steps),
        (Node::Test(attr_a, x), Node::Test(attr_b, y)) => attr_a == attr_b && test_implies(x, y),
        _ => false,
    }
}

/// One test of an attribute implies another test of the same attribute.
fn test_implies(a: &Test, b: &Test) -> bool {
    use Test::*;
    match (a, b) {
        // Every test fails on a missing attribute.
        (_, Exists) => true,
        (Equals(x), Equals(y)) => x.same(y),
        (NotIn(x), NotIn(y)) => {
            x.len().saturating_mul(y.len()) <= MAX_SET_PAIRS
                && y.iter().all(|v| x.iter().any(|u| u.same(v)))
        }
        (Equals(Scalar::Str(s)), StartsWith(p)) | (StartsWith(s), StartsWith(p)) => {
            s.starts_with(p.as_str())
        }
        (Equals(Scalar::Str(s)), EndsWith(p)) | (EndsWith(s), EndsWith(p)) => {
            s.ends_with(p.as_str())
        }
        (Equals(Scalar::Str(s)), Contains(p))
        | (StartsWith(s), Contains(p))
        | (EndsWith(s), Contains(p))
        | (Contains(s), Contains(p)) => s.contains(p.as_str()),
        (Equals(Scalar::Num(n)), Compare(order, bound)) => match order {
            Order::Lt => bound.above(*n),
            Order::Lte => bound.at_least(*n),
            Order::Gt => n.above(*bound),
            Order::Gte => n.at_least(*bound),
        },
        (Compare(x, p), Compare(y, q)) => compare_implies(*x, *p, *y, *q),
        (Time(after_a, t), Time(after_b, u)) if after_a == after_b => {
            if *after_a {
                t >= u
            } else {
                t <= u
            }
        }
        (Text(op_a, operand_a), Text(op_b, operand_b)) => op_a == op_b && operand_a == operand_b,
        _ => false,
    }
}

/// `n <x> p` implies `n <y> q` for every number n.
fn compare_implies(x: Order, p: Number, y: Order, q: Number) -> bool {
    use Order::*;
    match (x, y) {
        // n > p (or >= p) and p >= q (or > q) give n > q / n >= q.
        (Gt, Gt) | (Gt, Gte) | (Gte, Gte) => p.at_least(q),
        (Gte, Gt) => p.above(q),
        (Lt, Lt) | (Lt, Lte) | (Lte, Lte) => q.at_least(p),
        (Lte, Lt) => q.above(p),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cond(value: Value) -> Cond {
        let segments = json!({
            "beta": {"attr": "groups", "op": "in", "values": ["beta"]},
        });
        read(&value, &|name| segments.get(name).cloned()).unwrap()
    }

    fn implied(a: Value, b: Value) -> bool {
        implies(&cond(a), &cond(b), &mut Budget::new(usize::MAX))
    }

    #[test]
    fn always_and_never() {
        assert!(cond(json!({"all": []})).always());
        assert!(cond(json!({"not": {"any": []}})).always());
        assert!(cond(json!({"any": [{"all": []}, {"attr": "a", "op": "exists"}]})).always());
        assert!(cond(json!({"any": []})).never());
        assert!(cond(json!({"attr": "a", "op": "in", "values": []})).never());
        assert!(cond(json!({"all": [{"attr": "a", "op": "exists"}, {"any": []}]})).never());
        // A test never always holds (a missing attribute fails it), and no two tests of an
        // attribute contradict each other for certain (a list can pass both).
        assert!(!cond(json!({"attr": "a", "op": "exists"})).always());
        assert!(!cond(json!({"all": [
            {"attr": "a", "op": "equals", "value": 1},
            {"attr": "a", "op": "equals", "value": 2}]}))
        .never());
    }

    #[test]
    fn set_implications() {
        let ios = json!({"attr": "platform", "op": "equals", "value": "ios"});
        let mobile = json!({"attr": "platform", "op": "in", "values": ["ios", "android"]});
        assert!(implied(ios.clone(), mobile.clone()));
        assert!(!implied(mobile.clone(), ios.clone()));
        assert!(implied(
            json!({"attr": "platform", "op": "in", "values": ["android", "ios"]}),
            mobile.clone()
        ));
        // Another attribute, or another type, proves nothing.
        assert!(!implied(
            json!({"attr": "os", "op": "equals", "value": "ios"}),
            mobile.clone()
        ));
        assert!(!implied(
            json!({"attr": "n", "op": "equals", "value": 1}),
            json!({"attr": "n", "op": "equals", "value": "1"})
        ));
        assert!(implied(
            json!({"attr": "p", "op": "notIn", "values": ["a", "b"]}),
            json!({"attr": "p", "op": "notEquals", "value": "a"})
        ));
        assert!(!implied(
            json!({"attr": "p", "op": "notEquals", "value": "a"}),
            json!({"attr": "p", "op": "notIn", "values": ["a", "b"]})
        ));
        // A list attribute ["a", "c"] passes equals "a" and fails notIn ["c"].
        assert!(!implied(
            json!({"attr": "p", "op": "equals", "value": "a"}),
            json!({"attr": "p", "op": "notIn", "values": ["c"]})
        ));
    }

    #[test]
    fn conjunctions_disjunctions_negations_and_segments() {
        let ios = json!({"attr": "platform", "op": "equals", "value": "ios"});
        let staff = json!({"attr": "staff", "op": "equals", "value": true});
        assert!(implied(
            json!({"all": [ios.clone(), staff.clone()]}),
            ios.clone()
        ));
        assert!(!implied(
            ios.clone(),
            json!({"all": [ios.clone(), staff.clone()]})
        ));
        assert!(implied(
            ios.clone(),
            json!({"any": [staff.clone(), ios.clone()]})
        ));
        assert!(!implied(
            json!({"any": [staff.clone(), ios.clone()]}),
            ios.clone()
        ));
        assert!(implied(
            json!({"not": {"any": [ios.clone(), staff.clone()]}}),
            json!({"not": ios.clone()})
        ));
        assert!(!implied(
            json!({"not": ios.clone()}),
            json!({"not": {"any": [ios.clone(), staff.clone()]}})
        ));
        assert!(implied(
            json!({"segment": "beta"}),
            json!({"attr": "groups", "op": "in", "values": ["beta", "staff"]})
        ));
        assert!(implied(
            ios.clone(),
            json!({"attr": "platform", "op": "exists"})
        ));
        assert!(!implied(
            json!({"not": ios.clone()}),
            json!({"attr": "platform", "op": "exists"})
        ));
    }

    #[test]
    fn strings_numbers_and_times() {
        let t = |op: &str, v: Value| json!({"attr": "x", "op": op, "value": v});
        assert!(implied(
            t("startsWith", json!("abc")),
            t("startsWith", json!("ab"))
        ));
        assert!(!implied(
            t("startsWith", json!("ab")),
            t("startsWith", json!("abc"))
        ));
        assert!(implied(
            t("equals", json!("abc@acme.com")),
            t("endsWith", json!("@acme.com"))
        ));
        assert!(implied(
            t("endsWith", json!("@acme.com")),
            t("contains", json!("acme"))
        ));
        assert!(!implied(
            t("contains", json!("acme")),
            t("endsWith", json!("acme"))
        ));
        // Case matters: strings compare by code points.
        assert!(!implied(
            t("startsWith", json!("Abc")),
            t("startsWith", json!("ab"))
        ));

        assert!(implied(t("gt", json!(10)), t("gt", json!(5))));
        assert!(implied(t("gt", json!(10)), t("gte", json!(10))));
        assert!(implied(t("gte", json!(10)), t("gte", json!(10))));
        assert!(!implied(t("gte", json!(10)), t("gt", json!(10))));
        assert!(!implied(t("gt", json!(5)), t("gt", json!(10))));
        assert!(implied(t("lt", json!(5)), t("lte", json!(5))));
        assert!(!implied(t("lte", json!(5)), t("lt", json!(5))));
        assert!(!implied(t("lt", json!(5)), t("gt", json!(1))));
        assert!(implied(t("equals", json!(7)), t("gte", json!(7))));
        assert!(!implied(t("equals", json!(7)), t("gt", json!(7))));
        // Decimals: only far-apart ones are compared, never equal ones.
        assert!(implied(t("gt", json!(2.5)), t("gt", json!(1.5))));
        assert!(!implied(t("gte", json!(2.5)), t("gte", json!(2.5))));
        assert!(!implied(t("equals", json!(0.1)), t("equals", json!(0.1))));
        // Beyond 2^53 integers are not exact either.
        assert!(!implied(
            t("equals", json!(9_007_199_254_740_993_u64)),
            t("equals", json!(9_007_199_254_740_993_u64))
        ));

        assert!(implied(
            t("before", json!("2026-01-01")),
            t("before", json!("2026-02-01T00:00:00Z"))
        ));
        assert!(!implied(
            t("before", json!("2026-02-01")),
            t("before", json!("2026-01-01"))
        ));
        assert!(!implied(
            t("before", json!("2026-01-01")),
            t("after", json!("2020-01-01"))
        ));
        assert!(implied(
            t("after", json!(1_800_000_000_000_i64)),
            t("after", json!("2020-01-01"))
        ));
    }

    #[test]
    fn opaque_operators_only_by_text() {
        let r = |range: &str| json!({"attr": "v", "op": "semver", "range": range});
        assert!(implied(r("<2.3.0"), r("<2.3.0")));
        assert!(!implied(r("<2.2.0"), r("<2.3.0")));
        let m = |p: &str| json!({"attr": "e", "op": "matches", "value": p});
        assert!(implied(m("^a"), m("^a")));
        assert!(!implied(m("^a"), m("^b")));
        assert!(!implied(m("^a"), r("^a")));
    }

    #[test]
    fn disjuncts_split_any_in_and_distribute_all() {
        let c = cond(json!({"all": [
            {"attr": "platform", "op": "in", "values": ["ios", "android"]},
            {"any": [{"attr": "a", "op": "exists"}, {"attr": "b", "op": "exists"}]}
        ]}));
        assert_eq!(disjuncts(&c).len(), 4);
        let big = cond(json!({"all": [
            {"attr": "a", "op": "in", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
            {"attr": "b", "op": "in", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9]}
        ]}));
        assert_eq!(disjuncts(&big).len(), 1, "past the cap it stays whole");
    }
}
