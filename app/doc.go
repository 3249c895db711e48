// Package app is CaseDesk's domain: the types a clinic works with (people,
// accounts, cases, notices …), the rules that parse and format what users
// type, the USCIS status catalog, and the service interfaces the store
// implements. It imports neither Fyne nor SQL: screens live in ui/ and the
// SQLite store in data/.
package app
