package desk

import (
	"context"
	"testing"
	"time"
)

// FuzzImportClientRow runs the dry run of a clients file whose one row is
// anything: it never panics, a refused row always says what is wrong, and
// a row it would add is a client the desk's form reads back the same
// (normalising twice changes nothing).
func FuzzImportClientRow(f *testing.F) {
	for _, s := range []string{
		"María José,Núñez García,03/14/1985,A012345678,\"1200 Main St, Rear\",Houston,TX,77002,(713) 555-0100,es",
		"Zoë,O'Brien,1/1/2001,,,,,,,",
		"Ana,,02/30/1981,A1,1 First St,Austin,T,7870,phone,xx1",
		"\"Line\nbreak\",Name,1985-03-14,,,,,,,",
		",,,,,,,,,",
	} {
		f.Add(s)
	}
	d := &Desk{svc: &Service{now: func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }}}
	header := "Given name,Family name,Date of birth,A-number,Street address,City,State,ZIP code,Phone,Preferred language\n"
	f.Fuzz(func(t *testing.T, row string) {
		file, err := ParseCSV([]byte(header + row))
		if err != nil {
			return
		}
		rows, err := d.planClients(context.Background(), file, DefaultMapping(ImportClients, file.Header), indexClients(nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			switch r.Action {
			case ActionRefused:
				if len(r.Problems) == 0 || r.Problems[0].Message == "" || r.record != nil {
					t.Fatalf("refused row %+v", r)
				}
			case ActionAdd:
				c := *r.record.NewClient
				again, err := ParseClient(FormOf(c))
				if err != nil {
					t.Fatalf("an added client %+v does not read back: %v", c.Person, err)
				}
				again.ID, again.CreatedAt = c.ID, c.CreatedAt
				if ch := changedFields(c, again); len(ch) > 0 {
					t.Fatalf("read back, %v changed: %+v → %+v", ch, c.Person, again.Person)
				}
			default:
				t.Fatalf("row %+v against an empty store", r)
			}
		}
	})
}
