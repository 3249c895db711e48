// Package data is CaseDesk's case store: one SQLite file (modernc.org/sqlite,
// pure Go), schema migrations embedded and applied in order, queries that map
// SQLite's failures to the sentinel errors of package app. It implements the
// store interfaces the app services depend on.
package data
