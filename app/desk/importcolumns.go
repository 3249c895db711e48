package desk

import (
	"bytes"
	"encoding/csv"
	"strings"

	"casedesk/app"
)

// ImportKind is what a CSV file holds: clients or cases.
type ImportKind string

// The kinds of import.
const (
	ImportClients ImportKind = "clients"
	ImportCases   ImportKind = "cases"
)

// Column is a column an import reads. Header is its name in the template
// and the README; a file may name it Header or any of Also, in any case,
// with or without accents, spaces and punctuation ("DOB", "Fecha de
// nacimiento", "A#").
type Column struct {
	Key      string // stable key, for programs
	Header   string
	Also     []string
	Required bool   // a row without it is refused (a case names its client by A-number or by name and date of birth)
	Example  string // a valid value, for the README and the mapping step
}

// ClientColumns are the columns of a clients file, in the template's order.
var ClientColumns = []Column{
	{Key: "given_name", Header: "Given name", Also: []string{"First name", "Given names", "First", "Nombre", "Nombres"}, Required: true, Example: "María José"},
	{Key: "middle_name", Header: "Middle name", Also: []string{"Middle", "Middle names", "Segundo nombre"}},
	{Key: "family_name", Header: "Family name", Also: []string{"Last name", "Surname", "Family names", "Last", "Apellido", "Apellidos"}, Required: true, Example: "Núñez García"},
	{Key: "other_names", Header: "Other names used", Also: []string{"Other names", "Aliases", "AKA", "Otros nombres"}},
	{Key: "date_of_birth", Header: "Date of birth", Also: []string{"DOB", "Birth date", "Birthdate", "Birthday", "Fecha de nacimiento"}, Required: true, Example: "03/14/1985"},
	{Key: "country_of_birth", Header: "Country of birth", Also: []string{"Birth country", "Country", "País de nacimiento"}, Example: "Mexico"},
	{Key: "a_number", Header: "A-number", Also: []string{"A number", "Alien number", "Alien registration number", "A#", "USCIS number", "Número A"}, Example: "A123456789"},
	{Key: "street", Header: "Street address", Also: []string{"Address", "Address line 1", "Address 1", "Street", "Dirección"}, Example: "1200 Main St"},
	{Key: "street2", Header: "Apartment, suite or unit", Also: []string{"Address line 2", "Address 2", "Apt", "Apartment", "Unit", "Suite"}, Example: "Apt 4"},
	{Key: "city", Header: "City", Also: []string{"Town", "Ciudad"}, Example: "Houston"},
	{Key: "state", Header: "State", Also: []string{"ST", "Estado"}, Example: "TX"},
	{Key: "zip", Header: "ZIP code", Also: []string{"ZIP", "Zipcode", "Postal code", "Código postal"}, Example: "77002"},
	{Key: "phone", Header: "Phone", Also: []string{"Phone number", "Telephone", "Tel", "Mobile", "Cell", "Teléfono"}, Example: "(713) 555-0100"},
	{Key: "email", Header: "E-mail", Also: []string{"Email address", "E-mail address", "Correo", "Correo electrónico"}, Example: "maria@example.org"},
	{Key: "language", Header: "Preferred language", Also: []string{"Language", "Lang", "Idioma"}, Example: "es"},
}

// CaseColumns are the columns of a cases file, in the template's order.
// The client is named by A-number, or by given name, family name and date
// of birth, and must already be in CaseDesk.
var CaseColumns = []Column{
	{Key: "receipt", Header: "Receipt number", Also: []string{"Receipt", "Receipt no", "Receipt #", "Número de recibo"}, Required: true, Example: "EAC2190012345"},
	{Key: "form", Header: "Form", Also: []string{"Form type", "Form number", "Formulario"}, Required: true, Example: "I-485"},
	{Key: "a_number", Header: "A-number", Also: []string{"A number", "Alien number", "A#", "Client A-number", "Número A"}, Example: "A123456789"},
	{Key: "given_name", Header: "Given name", Also: []string{"First name", "Nombre"}, Example: "María José"},
	{Key: "family_name", Header: "Family name", Also: []string{"Last name", "Surname", "Apellido", "Apellidos"}, Example: "Núñez García"},
	{Key: "date_of_birth", Header: "Date of birth", Also: []string{"DOB", "Birth date", "Birthdate", "Fecha de nacimiento"}, Example: "03/14/1985"},
	{Key: "received", Header: "Received date", Also: []string{"Received", "Date received", "Filed", "Date filed", "Filing date", "Receipt date"}, Required: true, Example: "01/15/2026"},
	{Key: "priority", Header: "Priority date", Also: []string{"Priority"}},
	{Key: "office", Header: "Office", Also: []string{"Service center", "Office or service center", "USCIS office", "Oficina"}, Example: "Vermont Service Center"},
	{Key: "status", Header: "Status", Also: []string{"Current status", "Case status", "Estado del caso"}, Example: "Case Was Received"},
	{Key: "status_date", Header: "Status date", Also: []string{"Date of status", "Status as of", "Last updated"}, Example: "01/15/2026"},
}

// Columns are the columns of a kind of file.
func Columns(k ImportKind) []Column {
	if k == ImportCases {
		return CaseColumns
	}
	return ClientColumns
}

// Mapping says, for each column's Key, which of the file's columns holds
// it (its index in the header), -1 for none. The window lets the clinic
// change it; DefaultMapping fills it from the headers.
type Mapping map[string]int

// DefaultMapping matches the file's headers to the columns by name,
// ignoring case, accents, spaces and punctuation; a header is given to one
// column at most, the first that names it.
func DefaultMapping(k ImportKind, header []string) Mapping {
	m := Mapping{}
	taken := map[int]bool{}
	keys := make([]string, len(header))
	for i, h := range header {
		keys[i] = headerKey(h)
	}
	for _, c := range Columns(k) {
		m[c.Key] = -1
		names := append([]string{c.Header}, c.Also...)
	find:
		for _, n := range names {
			for i, hk := range keys {
				if !taken[i] && hk != "" && hk == headerKey(n) {
					m[c.Key], taken[i] = i, true
					break find
				}
			}
		}
	}
	return m
}

// headerKey is how headers are compared: folded, with no spaces; "#"
// alone is kept, so "A#" is not "A".
func headerKey(h string) string {
	return app.NameKey(strings.ReplaceAll(h, "#", " number"))
}

// Template is a CSV file with the columns' headers and no rows, to fill
// in a spreadsheet. It is UTF-8 with a byte-order mark, so Excel opens
// accented names right, and CRLF line ends, as Excel saves.
func Template(k ImportKind) []byte {
	var b bytes.Buffer
	b.Write(utf8BOM)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	cols := Columns(k)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	_ = w.Write(header) // a bytes.Buffer does not fail
	w.Flush()
	return b.Bytes()
}

// cell is the row's value of column key under m, trimmed; "" when the
// column is not mapped or the row is short.
func (m Mapping) cell(rec []string, key string) string {
	i, ok := m[key]
	if !ok || i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// has says whether column key is mapped.
func (m Mapping) has(key string) bool {
	i, ok := m[key]
	return ok && i >= 0
}
