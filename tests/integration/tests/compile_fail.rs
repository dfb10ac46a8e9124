//! The compiler rejects requests missing a required parameter or using a wrong enum.
#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
