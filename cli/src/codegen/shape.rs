//! The structural type of an object flag: what every one of its values has in common.
//!
//! A [`Shape`] is the set of JSON kinds seen at one place of the values (several when the
//! values disagree, e.g. a string in one variant and `null` in another), with, for objects, the
//! shape of each member and whether every value has it, and for arrays, the shape of all their
//! elements together. Merging the shapes of a flag's variants gives a type that every variant
//! satisfies and that is no wider than they need: a typo'd member name, or a member only some
//! variants have used as if always there, is then a compile error in the app.

use serde_json::Value;
use std::collections::BTreeMap;

/// The JSON kinds seen at one place; all `false`/`None`: nothing seen (an empty array's
/// elements).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    /// `null` was seen.
    pub null: bool,
    /// `true` or `false` was seen.
    pub boolean: bool,
    /// A number was seen.
    pub number: bool,
    /// A string was seen.
    pub string: bool,
    /// Arrays were seen: the shape of all their elements.
    pub array: Option<Box<Shape>>,
    /// Objects were seen: their members, sorted by name.
    pub object: Option<BTreeMap<String, Member>>,
}

/// One member of an object shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member's shape over every object that has it.
    pub shape: Shape,
    /// False when some object lacks the member.
    pub required: bool,
}

impl Shape {
    /// The shape of one value.
    pub fn of(value: &Value) -> Shape {
        let mut shape = Shape::default();
        match value {
            Value::Null => shape.null = true,
            Value::Bool(_) => shape.boolean = true,
            Value::Number(_) => shape.number = true,
            Value::String(_) => shape.string = true,
            Value::Array(items) => {
                let mut elements = Shape::default();
                for item in items {
                    elements.merge(Shape::of(item));
                }
                shape.array = Some(Box::new(elements));
            }
            Value::Object(map) => {
                let members = map
                    .iter()
                    .map(|(name, value)| {
                        let member = Member {
                            shape: Shape::of(value),
                            required: true,
                        };
                        (name.clone(), member)
                    })
                    .collect();
                shape.object = Some(members);
            }
        }
        shape
    }

    /// The shape of several values together.
    pub fn of_all<'v>(values: impl IntoIterator<Item = &'v Value>) -> Shape {
        let mut shape = Shape::default();
        for value in values {
            shape.merge(Shape::of(value));
        }
        shape
    }

    /// Widens `self` to also describe everything `other` describes.
    pub fn merge(&mut self, other: Shape) {
        self.null |= other.null;
        self.boolean |= other.boolean;
        self.number |= other.number;
        self.string |= other.string;
        self.array = match (self.array.take(), other.array) {
            (Some(mut mine), Some(theirs)) => {
                mine.merge(*theirs);
                Some(mine)
            }
            (mine, theirs) => mine.or(theirs),
        };
        self.object = match (self.object.take(), other.object) {
            (Some(mut mine), Some(mut theirs)) => {
                for (name, member) in mine.iter_mut() {
                    match theirs.remove(name) {
                        Some(other) => {
                            member.shape.merge(other.shape);
                            member.required &= other.required;
                        }
                        None => member.required = false,
                    }
                }
                for (name, mut member) in theirs {
                    member.required = false;
                    mine.insert(name, member);
                }
                Some(mine)
            }
            (mine, theirs) => mine.or(theirs),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(shape: Shape, required: bool) -> Member {
        Member { shape, required }
    }

    fn kinds(null: bool, boolean: bool, number: bool, string: bool) -> Shape {
        Shape {
            null,
            boolean,
            number,
            string,
            ..Shape::default()
        }
    }

    #[test]
    fn members_of_some_objects_are_optional_and_kinds_are_unioned() {
        let shape = Shape::of_all(&[
            json!({"provider": "helpdesk", "chat": false, "tags": [], "limit": null}),
            json!({"provider": "helpdesk", "chat": true, "tags": ["a", 1], "queue": "p", "limit": 3}),
        ]);
        let expected = Shape {
            object: Some(BTreeMap::from([
                (
                    "chat".into(),
                    member(kinds(false, true, false, false), true),
                ),
                (
                    "limit".into(),
                    member(kinds(true, false, true, false), true),
                ),
                (
                    "provider".into(),
                    member(kinds(false, false, false, true), true),
                ),
                (
                    "queue".into(),
                    member(kinds(false, false, false, true), false),
                ),
                (
                    "tags".into(),
                    member(
                        Shape {
                            array: Some(Box::new(kinds(false, false, true, true))),
                            ..Shape::default()
                        },
                        true,
                    ),
                ),
            ])),
            ..Shape::default()
        };
        assert_eq!(shape, expected);
    }

    #[test]
    fn nested_objects_merge_member_by_member() {
        let shape = Shape::of_all(&[json!({"a": {"x": 1}}), json!({"a": {"y": "s"}})]);
        let a = &shape.object.as_ref().unwrap()["a"];
        assert!(a.required);
        let inner = a.shape.object.as_ref().unwrap();
        assert!(!inner["x"].required && !inner["y"].required);
    }

    #[test]
    fn merging_is_order_independent() {
        let values = [
            json!({"a": 1, "b": [true]}),
            json!({"b": [], "c": null}),
            json!({}),
        ];
        let forward = Shape::of_all(&values);
        let backward = Shape::of_all(values.iter().rev());
        assert_eq!(forward, backward);
    }
}
