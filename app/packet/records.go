package packet

import (
	"errors"
	"fmt"
	"time"

	"casedesk/app"
)

// Clinic is who made the packet, as its letterheads say.
type Clinic struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Phone   string `json:"phone"`
}

// Records is what a packet carries: the client, the other people named on
// their cases (names only), and the cases with their history, the client's
// notices and appointments. Each record keeps the clinic's id, so a later
// packet updates the same rows.
type Records struct {
	Clinic       Clinic
	Person       app.Person
	People       []app.Person
	Cases        []app.Case
	Events       []app.CaseEvent
	Notices      []app.Notice
	Appointments []app.Appointment
}

// Limits on what one packet holds; far above any one client's record.
const (
	maxCases    = 500
	maxEvents   = 20000
	maxNotices  = 5000
	maxAppts    = 2000
	maxPeople   = 1000
	maxText     = 4000
	maxFields   = 64
	maxFieldLen = 4000
)

// check says whether the records hold together: every case names the
// client, every event, notice and appointment belongs to one of the cases
// (a notice or appointment may also be about the client alone), and every
// person named is in the packet.
func (r Records) check() error {
	p := r.Person
	if p.ID == "" || p.FamilyName == "" && p.GivenName == "" {
		return errors.New("the packet names no client")
	}
	switch {
	case len(r.Cases) > maxCases, len(r.Events) > maxEvents, len(r.Notices) > maxNotices,
		len(r.Appointments) > maxAppts, len(r.People) > maxPeople:
		return errors.New("the packet holds more records than one client has")
	}
	people := map[string]bool{p.ID: true}
	for _, o := range r.People {
		if o.ID == "" || people[o.ID] {
			return fmt.Errorf("person %q is missing or twice", o.ID)
		}
		people[o.ID] = true
	}
	cases := map[string]bool{}
	receipts := map[app.Receipt]bool{}
	for _, c := range r.Cases {
		if c.ID == "" || cases[c.ID] || receipts[c.Receipt] {
			return fmt.Errorf("case %q is missing or twice", c.Receipt)
		}
		cases[c.ID], receipts[c.Receipt] = true, true
		if _, err := app.ParseReceipt(string(c.Receipt)); err != nil || string(c.Receipt) != string(mustReceipt(c.Receipt)) {
			return fmt.Errorf("case %q has no valid receipt number", c.Receipt)
		}
		if c.ApplicantID != p.ID && c.PetitionerID != p.ID && c.BeneficiaryID != p.ID {
			return fmt.Errorf("case %s is not the client's", c.Receipt)
		}
		for _, id := range []string{c.ApplicantID, c.PetitionerID, c.BeneficiaryID} {
			if id != "" && !people[id] {
				return fmt.Errorf("case %s names a person the packet does not hold", c.Receipt)
			}
		}
		if _, ok := app.StatusByCode(c.StatusCode); !ok || c.ReceivedDate.IsZero() || c.StatusDate.IsZero() {
			return fmt.Errorf("case %s has no known status or dates", c.Receipt)
		}
		if c.FormType == "" || len(c.FormType) > 20 || len(c.FormTitle) > maxText || len(c.Office) > maxText {
			return fmt.Errorf("case %s has no form", c.Receipt)
		}
	}
	ids := map[string]bool{}
	for _, e := range r.Events {
		if e.ID == "" || ids[e.ID] || !cases[e.CaseID] || e.Date.IsZero() || len(e.Note) > maxText {
			return fmt.Errorf("status event %q does not belong to a case", e.ID)
		}
		if _, ok := app.StatusByCode(e.StatusCode); !ok {
			return fmt.Errorf("status event %q has no known status", e.ID)
		}
		ids[e.ID] = true
	}
	for _, n := range r.Notices {
		if n.ID == "" || ids[n.ID] || (n.CaseID != "" && !cases[n.CaseID]) || n.PersonID != p.ID || n.NoticeDate.IsZero() {
			return fmt.Errorf("notice %q is not the client's", n.ID)
		}
		if !knownNotice[n.Kind] || len(n.Fields) > maxFields {
			return fmt.Errorf("notice %q is of no known kind", n.ID)
		}
		for k, v := range n.Fields {
			if len(k) > 64 || len(v) > maxFieldLen {
				return fmt.Errorf("notice %q has a field too long", n.ID)
			}
		}
		ids[n.ID] = true
	}
	for _, a := range r.Appointments {
		if a.ID == "" || ids[a.ID] || (a.CaseID != "" && !cases[a.CaseID]) || a.PersonID != p.ID || a.StartsAt.IsZero() {
			return fmt.Errorf("appointment %q is not the client's", a.ID)
		}
		switch a.Kind {
		case app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath:
		default:
			return fmt.Errorf("appointment %q is of no known kind", a.ID)
		}
		if a.TimeZone != "" {
			if _, err := time.LoadLocation(a.TimeZone); err != nil {
				return fmt.Errorf("appointment %q has no known time zone", a.ID)
			}
		}
		if len(a.PlaceName) > maxText || len(a.PlaceAddress) > maxText || len(a.Status) > 20 {
			return fmt.Errorf("appointment %q has a field too long", a.ID)
		}
		ids[a.ID] = true
	}
	return nil
}

func mustReceipt(r app.Receipt) app.Receipt {
	c, _ := app.ParseReceipt(string(r))
	return c
}

var knownNotice = map[app.NoticeKind]bool{
	app.NoticeReceipt: true, app.NoticeAppointment: true, app.NoticeRFE: true, app.NoticeApproval: true,
	app.NoticeDenial: true, app.NoticeTransfer: true, app.NoticeCard: true, app.NoticeRejection: true,
	app.NoticeAccountAccess: true,
}

// The records as the sealed part holds them: dates as ISO text, every
// field named, so that the format does not follow the app's types.
type (
	contents struct {
		Clinic       Clinic        `json:"clinic"`
		Person       person        `json:"person"`
		People       []person      `json:"people"`
		Cases        []caseRec     `json:"cases"`
		Events       []event       `json:"events"`
		Notices      []noticeRec   `json:"notices"`
		Appointments []appointment `json:"appointments"`
	}
	person struct {
		ID             string `json:"id"`
		GivenName      string `json:"given"`
		MiddleName     string `json:"middle,omitempty"`
		FamilyName     string `json:"family"`
		OtherNames     string `json:"other,omitempty"`
		DateOfBirth    string `json:"dob,omitempty"`
		CountryOfBirth string `json:"country,omitempty"`
		ANumber        string `json:"a_number,omitempty"`
		Line1          string `json:"line1,omitempty"`
		Line2          string `json:"line2,omitempty"`
		City           string `json:"city,omitempty"`
		State          string `json:"state,omitempty"`
		ZIP            string `json:"zip,omitempty"`
		Phone          string `json:"phone,omitempty"`
		Email          string `json:"email,omitempty"`
		Language       string `json:"lang,omitempty"`
	}
	caseRec struct {
		ID            string `json:"id"`
		Receipt       string `json:"receipt"`
		FormType      string `json:"form"`
		FormTitle     string `json:"title"`
		ApplicantID   string `json:"applicant"`
		PetitionerID  string `json:"petitioner,omitempty"`
		BeneficiaryID string `json:"beneficiary,omitempty"`
		Received      string `json:"received"`
		Priority      string `json:"priority,omitempty"`
		Office        string `json:"office"`
		Status        string `json:"status"`
		StatusDate    string `json:"status_date"`
	}
	event struct {
		ID     string `json:"id"`
		CaseID string `json:"case"`
		Status string `json:"status"`
		Date   string `json:"date"`
		Note   string `json:"note,omitempty"`
	}
	noticeRec struct {
		ID       string            `json:"id"`
		CaseID   string            `json:"case,omitempty"`
		PersonID string            `json:"person"`
		Kind     string            `json:"kind"`
		Date     string            `json:"date"`
		Due      string            `json:"due,omitempty"`
		Fields   map[string]string `json:"fields"`
		Created  time.Time         `json:"created"`
	}
	appointment struct {
		ID       string    `json:"id"`
		PersonID string    `json:"person"`
		CaseID   string    `json:"case,omitempty"`
		Kind     string    `json:"kind"`
		Starts   time.Time `json:"starts"`
		Zone     string    `json:"zone,omitempty"`
		Place    string    `json:"place"`
		Address  string    `json:"address"`
		Status   string    `json:"status"`
	}
)

func fromRecords(r Records) contents {
	c := contents{Clinic: r.Clinic, Person: fromPerson(r.Person, true)}
	for _, p := range r.People {
		c.People = append(c.People, fromPerson(p, false))
	}
	for _, k := range r.Cases {
		c.Cases = append(c.Cases, caseRec{ID: k.ID, Receipt: string(k.Receipt), FormType: k.FormType, FormTitle: k.FormTitle,
			ApplicantID: k.ApplicantID, PetitionerID: k.PetitionerID, BeneficiaryID: k.BeneficiaryID,
			Received: k.ReceivedDate.ISO(), Priority: k.PriorityDate.ISO(), Office: k.Office,
			Status: k.StatusCode, StatusDate: k.StatusDate.ISO()})
	}
	for _, e := range r.Events {
		c.Events = append(c.Events, event{ID: e.ID, CaseID: e.CaseID, Status: e.StatusCode, Date: e.Date.ISO(), Note: e.Note})
	}
	for _, n := range r.Notices {
		c.Notices = append(c.Notices, noticeRec{ID: n.ID, CaseID: n.CaseID, PersonID: n.PersonID, Kind: string(n.Kind),
			Date: n.NoticeDate.ISO(), Due: n.DueDate.ISO(), Fields: n.Fields, Created: n.CreatedAt.UTC()})
	}
	for _, a := range r.Appointments {
		c.Appointments = append(c.Appointments, appointment{ID: a.ID, PersonID: a.PersonID, CaseID: a.CaseID,
			Kind: string(a.Kind), Starts: a.StartsAt.UTC(), Zone: a.TimeZone, Place: a.PlaceName,
			Address: a.PlaceAddress, Status: a.Status})
	}
	return c
}

// fromPerson is a person as the packet carries them: the client whole,
// anyone else named on a case by name only.
func fromPerson(p app.Person, client bool) person {
	w := person{ID: p.ID, GivenName: p.GivenName, MiddleName: p.MiddleName, FamilyName: p.FamilyName}
	if !client {
		return w
	}
	w.OtherNames, w.DateOfBirth, w.CountryOfBirth, w.ANumber = p.OtherNames, p.DateOfBirth.ISO(), p.CountryOfBirth, string(p.ANumber)
	w.Line1, w.Line2, w.City, w.State, w.ZIP = p.Address.Line1, p.Address.Line2, p.Address.City, p.Address.State, string(p.Address.ZIP)
	w.Phone, w.Email, w.Language = p.Phone, p.Email, p.Language
	return w
}

// records reads the sealed part back into app types, checking every
// format as input from a person would be, and then that they hold together.
func (c contents) records() (Records, error) {
	r := Records{Clinic: c.Clinic}
	var err error
	if len(c.Clinic.Name) > maxText || len(c.Clinic.Address) > maxText || len(c.Clinic.Phone) > 100 {
		return Records{}, errors.New("the clinic's details are too long")
	}
	if r.Person, err = c.Person.app(); err != nil {
		return Records{}, err
	}
	for _, p := range c.People {
		o, err := p.app()
		if err != nil {
			return Records{}, err
		}
		r.People = append(r.People, o)
	}
	for _, k := range c.Cases {
		rc, err := app.ParseReceipt(k.Receipt)
		if err != nil {
			return Records{}, fmt.Errorf("case receipt: %w", err)
		}
		kc := app.Case{ID: k.ID, Receipt: rc, FormType: k.FormType, FormTitle: k.FormTitle, ApplicantID: k.ApplicantID,
			PetitionerID: k.PetitionerID, BeneficiaryID: k.BeneficiaryID, Office: k.Office, StatusCode: k.Status}
		if kc.ReceivedDate, err = isoDate(k.Received); err != nil {
			return Records{}, err
		}
		if kc.PriorityDate, err = isoDate(k.Priority); err != nil {
			return Records{}, err
		}
		if kc.StatusDate, err = isoDate(k.StatusDate); err != nil {
			return Records{}, err
		}
		r.Cases = append(r.Cases, kc)
	}
	for _, e := range c.Events {
		d, err := isoDate(e.Date)
		if err != nil {
			return Records{}, err
		}
		r.Events = append(r.Events, app.CaseEvent{ID: e.ID, CaseID: e.CaseID, StatusCode: e.Status, Date: d, Note: e.Note})
	}
	for _, n := range c.Notices {
		an := app.Notice{ID: n.ID, CaseID: n.CaseID, PersonID: n.PersonID, Kind: app.NoticeKind(n.Kind), Fields: n.Fields, CreatedAt: n.Created}
		if an.NoticeDate, err = isoDate(n.Date); err != nil {
			return Records{}, err
		}
		if an.DueDate, err = isoDate(n.Due); err != nil {
			return Records{}, err
		}
		r.Notices = append(r.Notices, an)
	}
	for _, a := range c.Appointments {
		r.Appointments = append(r.Appointments, app.Appointment{ID: a.ID, PersonID: a.PersonID, CaseID: a.CaseID,
			Kind: app.AppointmentKind(a.Kind), StartsAt: a.Starts, TimeZone: a.Zone, PlaceName: a.Place,
			PlaceAddress: a.Address, Status: a.Status})
	}
	return r, r.check()
}

func (w person) app() (app.Person, error) {
	p := app.Person{ID: w.ID, GivenName: w.GivenName, MiddleName: w.MiddleName, FamilyName: w.FamilyName,
		OtherNames: w.OtherNames, CountryOfBirth: w.CountryOfBirth, Phone: w.Phone, Email: w.Email, Language: w.Language}
	for _, s := range []string{w.GivenName, w.MiddleName, w.FamilyName, w.OtherNames, w.CountryOfBirth, w.Line1, w.Line2, w.City, w.Phone, w.Email} {
		if len(s) > 400 {
			return app.Person{}, errors.New("a person's detail is too long")
		}
	}
	var err error
	if p.DateOfBirth, err = isoDate(w.DateOfBirth); err != nil {
		return app.Person{}, err
	}
	if w.ANumber != "" {
		if p.ANumber, err = app.ParseANumber(w.ANumber); err != nil {
			return app.Person{}, err
		}
	}
	p.Address = app.Address{Line1: w.Line1, Line2: w.Line2, City: w.City, State: w.State}
	if w.ZIP != "" {
		if p.Address.ZIP, err = app.ParseZIP(w.ZIP); err != nil {
			return app.Person{}, err
		}
	}
	if len(w.State) > 2 || len(w.Language) > 16 {
		return app.Person{}, errors.New("a person's state or language is not valid")
	}
	return p, nil
}

// isoDate reads an ISO date; "" is the zero date.
func isoDate(s string) (app.Date, error) {
	if s == "" {
		return app.Date{}, nil
	}
	return app.ParseISODate(s)
}
