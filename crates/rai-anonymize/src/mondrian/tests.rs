//! Unit tests of Mondrian on small tables.

use super::*;
use crate::hierarchy::Hierarchy;
use crate::privacy::{PrivacyModel, TDistance};

fn table(csv: &str) -> Result<StringTable> {
    StringTable::from_csv_bytes(csv.as_bytes(), "t", None)
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_string()).collect()
}

fn job_hierarchy() -> Result<Hierarchy> {
    Hierarchy::from_rows(vec![
        s(&["nurse", "health", "*"]),
        s(&["doctor", "health", "*"]),
        s(&["clerk", "office", "*"]),
        s(&["manager", "office", "*"]),
    ])
}

#[test]
fn numeric_median_cuts() -> Result<()> {
    let t = table("age,x\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n8,h\n")?;
    let p = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 2 }])?;
    let out = anonymize(&t, &[QuasiIdentifier::numeric("age")], &p)?;
    assert_eq!(
        out.table.column("age")?,
        [
            "[1-2]", "[1-2]", "[3-4]", "[3-4]", "[5-6]", "[5-6]", "[7-8]", "[7-8]"
        ]
    );
    assert_eq!(out.table.column("x")?, t.column("x")?);
    assert_eq!(out.report.achieved.equivalence_classes, 4);
    Ok(())
}

#[test]
fn ties_at_the_median_cut_below() -> Result<()> {
    let t = table("age\n5\n5\n5\n9\n9\n")?;
    let p = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 2 }])?;
    let out = anonymize(&t, &[QuasiIdentifier::numeric("age")], &p)?;
    assert_eq!(out.table.column("age")?, ["5", "5", "5", "9", "9"]);
    Ok(())
}

#[test]
fn hierarchical_split_by_children() -> Result<()> {
    let t = table("job,age\nnurse,30\ndoctor,31\nclerk,40\nmanager,41\nnurse,50\nclerk,51\n")?;
    let p = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 2 }])?;
    let qi = [QuasiIdentifier::hierarchical("job", job_hierarchy()?)];
    let out = anonymize(&t, &qi, &p)?;
    assert_eq!(
        out.table.column("job")?,
        ["health", "health", "office", "office", "health", "office"]
    );
    Ok(())
}

#[test]
fn l_diversity_limits_cuts() -> Result<()> {
    let t = table("age,d\n1,x\n2,x\n3,y\n4,y\n")?;
    let p = MondrianParams::new(vec![
        PrivacyModel::KAnonymity { k: 2 },
        PrivacyModel::DistinctL { l: 2 },
    ])?
    .sensitive("d");
    let out = anonymize(&t, &[QuasiIdentifier::numeric("age")], &p)?;
    // the median cut would give {x,x} and {y,y}: not allowed
    assert_eq!(out.table.column("age")?, ["[1-4]"; 4]);
    assert_eq!(out.report.achieved.distinct_l, Some(2));
    Ok(())
}

#[test]
fn t_closeness_is_checked() -> Result<()> {
    let t = table("age,d\n1,x\n2,y\n3,x\n4,y\n5,x\n6,x\n")?;
    let p = MondrianParams::new(vec![
        PrivacyModel::KAnonymity { k: 2 },
        PrivacyModel::TCloseness {
            t: 0.2,
            distance: TDistance::Equal,
        },
    ])?
    .sensitive("d");
    let out = anonymize(&t, &[QuasiIdentifier::numeric("age")], &p)?;
    assert!(out.report.achieved.t_equal.unwrap_or(1.0) <= 0.2);
    Ok(())
}

#[test]
fn bad_inputs_are_errors() -> Result<()> {
    let t = table("age,job,d\n1,nurse,x\nabc,clerk,y\n")?;
    let k2 = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 2 }])?;
    let e = anonymize(&t, &[QuasiIdentifier::numeric("age")], &k2);
    assert!(matches!(e, Err(Error::InvalidParameter { ref name, .. }) if name.contains("row 2")));
    assert!(matches!(
        anonymize(&t, &[QuasiIdentifier::numeric("nope")], &k2),
        Err(Error::UnknownColumn { .. })
    ));
    let t = table("job,d\nnurse,x\npilot,y\n")?;
    let e = anonymize(
        &t,
        &[QuasiIdentifier::hierarchical("job", job_hierarchy()?)],
        &k2,
    );
    assert!(matches!(e, Err(Error::InvalidParameter { ref value, .. }) if value.contains("pilot")));
    let k3 = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 3 }])?;
    assert!(
        anonymize(
            &t,
            &[QuasiIdentifier::hierarchical("job", job_hierarchy()?)],
            &k3
        )
        .is_err()
    );
    let t = table("job,d\nnurse,x\nclerk,y\n")?;
    let l3 = MondrianParams::new(vec![PrivacyModel::DistinctL { l: 3 }])?.sensitive("d");
    let e = anonymize(
        &t,
        &[QuasiIdentifier::hierarchical("job", job_hierarchy()?)],
        &l3,
    );
    assert!(matches!(e, Err(Error::Guarantee { .. })));
    let no_sens = MondrianParams::new(vec![PrivacyModel::DistinctL { l: 1 }])?;
    assert!(anonymize(&t, &[QuasiIdentifier::numeric("d")], &no_sens).is_err());
    assert!(MondrianParams::new(vec![]).is_err());
    let empty = table("age\n")?;
    assert!(matches!(
        anonymize(&empty, &[QuasiIdentifier::numeric("age")], &k2),
        Err(Error::Empty { .. })
    ));
    Ok(())
}
