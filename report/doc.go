// Package report renders explorer Results for people and programs: the text
// verdict and numbered counterexample trace (with the values each step
// changed, the values that break the property, and for a deadlock who waits
// for what), JSON (schema in README.md), and the table of `mcheck test`.
//
// A trace is data (explorer.Result); everything here only formats it, so the
// output is deterministic for a given result.
package report
