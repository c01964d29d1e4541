// Package syntax reads mcheck spec files: it scans tokens (inserting Go-style
// automatic semicolons), parses them into an AST, and prints an AST back as
// source (mcheck fmt). It knows nothing about types or kernel semantics; the
// compile package resolves names and lowers the AST to a model.Program.
//
// Errors are collected, not thrown: Parse returns the (partial) file and an
// ErrorList sorted by position, printed as file:line:col: message.
package syntax
