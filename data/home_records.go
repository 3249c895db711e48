package data

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"casedesk/app"
	"casedesk/app/home"
	"casedesk/app/packet"
)

// packetAppointments is the appointments' insert with where they came from.
var packetAppointments = newTable("appointments", append(slices.Clone(appointmentsTable.cols), "source")...)

// applyRecords writes a packet's records for the household's owner
// (ownerID, who is r.Person at the clinic): the other people (names only)
// when new, every case upserted by the clinic's id — or, for a case the
// owner entered by hand with the same receipt number, in place of it,
// keeping its id so that its attached letters stay — new status events,
// notices that are not there yet (notices never change), appointments
// upserted, and each case linked to the owner.
//
// The clinic's ids are the packet's word only: a record whose id is that
// of a row the household made — the owner or a family member, a case
// entered by hand, an appointment typed at home — refuses the whole
// packet with a *home.OwnRecordsError, and the caller's transaction
// writes nothing.
func applyRecords(ctx context.Context, tx *sql.Tx, r packet.Records, pin home.Pin, ownerID string, at time.Time) (home.Applied, error) {
	out := home.Applied{Clinic: pin.Name, Made: pin.Made}
	people := map[string]string{r.Person.ID: ownerID, "": ""}
	for _, o := range r.People {
		if err := notOwnPerson(ctx, tx, o.ID, r.Person.ID, ownerID); err != nil {
			return home.Applied{}, err
		}
		people[o.ID] = o.ID
		if err := namePerson(ctx, tx, o, at); err != nil {
			return home.Applied{}, err
		}
	}
	src := app.CaseSource{Kind: app.SourceClinic, Clinic: pin.Name, On: app.DateOf(pin.Made.Local())}
	cases := map[string]string{"": ""}
	for _, c := range r.Cases {
		c.ApplicantID, c.PetitionerID, c.BeneficiaryID = people[c.ApplicantID], people[c.PetitionerID], people[c.BeneficiaryID]
		c.Source, c.UpdatedAt = src, at
		id, err := upsertCase(ctx, tx, c, &out)
		if err != nil {
			return home.Applied{}, err
		}
		cases[c.ID] = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_links (person_id, case_id, linked_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, ownerID, id, formatTime(at)); err != nil {
			return home.Applied{}, err
		}
	}
	for _, e := range r.Events {
		e.CaseID = cases[e.CaseID]
		n, err := execCount(ctx, tx, eventsTable.one+` ON CONFLICT (id) DO NOTHING`, eventArgs(&e)...)
		if err != nil {
			return home.Applied{}, err
		}
		out.NewEvents += n
	}
	for _, n := range r.Notices {
		n.CaseID, n.PersonID = cases[n.CaseID], ownerID
		args, err := noticeArgs(&n)
		if err != nil {
			return home.Applied{}, err
		}
		k, err := execCount(ctx, tx, noticesTable.one+` ON CONFLICT (id) DO NOTHING`, args...)
		if err != nil {
			return home.Applied{}, err
		}
		out.NewNotices += k
	}
	for _, a := range r.Appointments {
		a.CaseID, a.PersonID = cases[a.CaseID], ownerID
		var source string
		err := tx.QueryRowContext(ctx, `SELECT source FROM appointments WHERE id = ?`, a.ID).Scan(&source)
		switch {
		case err == nil && source != app.SourceClinic:
			return home.Applied{}, &home.OwnRecordsError{Kind: "an appointment"}
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return home.Applied{}, err
		}
		k, err := execCount(ctx, tx, packetAppointments.one+` ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id,
			case_id = excluded.case_id, kind = excluded.kind, starts_at = excluded.starts_at, place_name = excluded.place_name,
			place_address = excluded.place_address, status = excluded.status, time_zone = excluded.time_zone
			WHERE (appointments.person_id, coalesce(appointments.case_id, ''), appointments.kind, appointments.starts_at,
				appointments.place_name, appointments.place_address, appointments.status, appointments.time_zone)
			IS DISTINCT FROM (excluded.person_id, coalesce(excluded.case_id, ''), excluded.kind, excluded.starts_at,
				excluded.place_name, excluded.place_address, excluded.status, excluded.time_zone)`,
			append(appointmentArgs(&a), app.SourceClinic)...)
		if err != nil {
			return home.Applied{}, err
		}
		out.Appointments += k
	}
	return out, nil
}

// notOwnPerson refuses (*home.OwnRecordsError) another person of a packet
// whose id is the packet's own client's, the owner's, or a member's of
// the household: their names are the household's, never the packet's.
func notOwnPerson(ctx context.Context, tx *sql.Tx, id, clientID, ownerID string) error {
	if id == clientID || id == ownerID {
		return &home.OwnRecordsError{Kind: "a person"}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM household_members WHERE person_id = ? OR owner_id = ?`,
		id, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &home.OwnRecordsError{Kind: "a person"}
	}
	return nil
}

// namePerson keeps another person on the cases by name: added when new,
// their names brought up to date when the clinic changed them.
func namePerson(ctx context.Context, tx *sql.Tx, o app.Person, at time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE people SET given_name = ?, middle_name = ?, family_name = ?, updated_at = ?
		WHERE id = ? AND (given_name, middle_name, family_name) IS DISTINCT FROM (?, ?, ?)`,
		o.GivenName, o.MiddleName, o.FamilyName, formatTime(at), o.ID, o.GivenName, o.MiddleName, o.FamilyName)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE id = ?`, o.ID).Scan(&exists); err != nil || exists > 0 {
		return err
	}
	p := app.Person{ID: o.ID, GivenName: o.GivenName, MiddleName: o.MiddleName, FamilyName: o.FamilyName, CreatedAt: at}
	return insertPerson(ctx, tx, nil, &p)
}

// upsertCase writes the clinic's record of a case and returns its id in
// this store: the clinic's id, or that of the case entered by hand with
// the same receipt number, which the clinic's record takes over. A case
// is updated by its id only when it is the clinic's with the same receipt
// number: the id of a case entered by hand, or of another receipt's,
// refuses the packet (*home.OwnRecordsError).
func upsertCase(ctx context.Context, tx *sql.Tx, c app.Case, out *home.Applied) (string, error) {
	old, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, c.ID))
	if err == nil && (old.Source.Kind != app.SourceClinic || old.Receipt != c.Receipt) {
		return "", &home.OwnRecordsError{Kind: "a case"}
	}
	if errors.Is(err, app.ErrNotFound) {
		old, err = scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE receipt_number = ?`, string(c.Receipt)))
	}
	switch {
	case errors.Is(err, app.ErrNotFound):
		out.NewCases++
		return c.ID, insertCase(ctx, tx, &c)
	case err != nil:
		return "", err
	}
	if old.Source.Kind == app.SourceYou {
		out.TakenOver = append(out.TakenOver, c.Receipt)
	}
	c.ID = old.ID
	if old.Source.Kind != app.SourceYou && !sameCase(old, c) {
		out.UpdatedCases++
	}
	_, err = tx.ExecContext(ctx, `UPDATE cases SET receipt_number = ?, form_type = ?, form_title = ?, applicant_id = ?,
		petitioner_id = ?, beneficiary_id = ?, received_date = ?, priority_date = ?, office = ?, status_code = ?,
		status_date = ?, updated_at = ?, source = ?, source_name = ?, source_date = ? WHERE id = ?`,
		append(caseArgs(&c)[1:], c.ID)...)
	return c.ID, err
}

// sameCase says whether the clinic's record of a case says nothing new:
// the same columns but for when it was written and which packet brought it.
func sameCase(a, b app.Case) bool {
	x, y := caseArgs(&a), caseArgs(&b)
	for i := range x {
		if i != 12 && i != 15 && x[i] != y[i] {
			return false
		}
	}
	return true
}

func execCount(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
