package demo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/notice"
)

// caseFor files one form for p and plays its story up to today.
func (g *gen) caseFor(p *app.Person, formType string) (*app.Case, error) {
	form, _ := app.FormByType(formType)
	today := g.opt.Today
	received := today.AddDays(-g.between(0, 1500))
	c := &app.Case{
		ID:           g.id(),
		FormType:     form.Type,
		FormTitle:    form.Title,
		ApplicantID:  p.ID,
		ReceivedDate: received,
		UpdatedAt:    g.opt.Clock,
	}
	c.Receipt = g.receipt(formType, received)
	c.Office = c.Receipt.Office()
	// Notices go to the applicant; a petition's go to the petitioner and
	// name the beneficiary.
	recipient, beneficiary := p, p
	if form.Petition && len(g.people) > 1 {
		// A petition is filed by a relative (an earlier person) for p.
		recipient = g.people[g.rng.IntN(len(g.people)-1)]
		c.PetitionerID = recipient.ID
		c.ApplicantID = c.PetitionerID
		c.BeneficiaryID = p.ID
		c.PriorityDate = received
	}

	var events []app.CaseEvent
	var notices []app.Notice
	var appts []app.Appointment
	date := received
	add := func(s step, on app.Date) {
		events = append(events, app.CaseEvent{ID: g.id(), CaseID: c.ID, StatusCode: s.status, Date: on, CreatedAt: g.opt.Clock})
		if s.appoint != "" {
			appts = append(appts, g.appointment(p, c, s.appoint, on))
		}
		if s.notice != "" {
			notices = append(notices, g.notice(recipient, beneficiary, c, s.notice, s.status, on, appts))
		}
	}

	if g.rng.IntN(100) < 2 {
		// Returned at the door: one event, one rejection notice.
		add(step{status: g.pick(rejections), notice: app.NoticeRejection}, received)
	} else {
		lastBranch := false
		for i, s := range stories[formType] {
			switch {
			case s.branch > 0:
				lastBranch = g.rng.Float64() < s.branch
				if !lastBranch {
					continue
				}
			case s.branch < 0 && !lastBranch:
				continue
			}
			if i > 0 {
				date = date.AddDays(g.between(s.minDays, s.maxDays))
			}
			if today.Before(date) {
				break // the story has got this far by today
			}
			if s.status == "approved" && g.rng.IntN(100) < 7 {
				add(step{status: "denied", notice: app.NoticeDenial}, date)
				break
			}
			add(s, date)
		}
	}
	last := events[len(events)-1]
	c.StatusCode, c.StatusDate = last.StatusCode, last.Date
	if err := g.sink.Case(c); err != nil {
		return nil, err
	}
	g.n.Cases++
	for i := range events {
		if err := g.sink.Event(&events[i]); err != nil {
			return nil, err
		}
	}
	g.n.Events += len(events)
	for i := range appts {
		if err := g.sink.Appointment(&appts[i]); err != nil {
			return nil, err
		}
	}
	g.n.Appointments += len(appts)
	for i := range notices {
		if err := g.sink.Notice(&notices[i]); err != nil {
			return nil, err
		}
	}
	g.n.Notices += len(notices)
	return c, nil
}

// receipt makes a unique receipt number in the USCIS pattern: office
// prefix, fiscal year, workday and sequence (IOE receipts are ten digits).
func (g *gen) receipt(formType string, received app.Date) app.Receipt {
	prefixes := receiptPrefixes[formType]
	for {
		prefix := g.pick(prefixes)
		var r string
		if prefix == "IOE" {
			r = fmt.Sprintf("IOE%010d", g.rng.Int64N(10_000_000_000))
		} else {
			t := received.Time()
			fy := t.Year() % 100
			if t.Month() >= time.October {
				fy = (fy + 1) % 100
			}
			r = fmt.Sprintf("%s%02d%03d%05d", prefix, fy, g.between(1, 260), g.rng.IntN(100_000))
		}
		if !g.receipts[r] {
			g.receipts[r] = true
			return app.Receipt(r)
		}
	}
}

var supportCenters = []struct{ name, address string }{
	{"USCIS Application Support Center", "1500 Corporate Dr, Suite 100"},
	{"USCIS Field Office", "2 Federal Plaza, Room 300"},
	{"USCIS Application Support Center", "8800 Harwin Dr"},
	{"USCIS Field Office", "101 W Congress Pkwy"},
}

func (g *gen) appointment(p *app.Person, c *app.Case, kind app.AppointmentKind, scheduled app.Date) app.Appointment {
	place := supportCenters[g.rng.IntN(len(supportCenters))]
	// The office is in the person's state, and the time is on its clock.
	zone := app.StateZone(p.Address.State)
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		zone, loc = "America/New_York", mustZone("America/New_York")
	}
	day := scheduled.AddDays(g.between(14, 35))
	y, m, d := day.Time().Date()
	start := time.Date(y, m, d, g.between(8, 15), 0, 0, 0, loc)
	status := "scheduled"
	if start.Before(g.opt.Today.Time()) {
		status = "attended"
	}
	return app.Appointment{
		ID: g.id(), PersonID: p.ID, CaseID: c.ID, Kind: kind, StartsAt: start, TimeZone: zone,
		PlaceName: place.name, PlaceAddress: place.address + ", " + p.Address.City + ", " + p.Address.State,
		Status: status,
	}
}

// notice builds the fields a notice prints, fixed at the moment it was issued.
func (g *gen) notice(p, beneficiary *app.Person, c *app.Case, kind app.NoticeKind, status string, on app.Date, appts []app.Appointment) app.Notice {
	st, _ := app.StatusByCode(status)
	f := map[string]string{
		"receipt_number": string(c.Receipt),
		"form_type":      c.FormType,
		"form_title":     c.FormTitle,
		"received_date":  c.ReceivedDate.ISO(),
		"notice_type":    st.Title,
		"name":           p.FullName(),
		"address":        notice.AddressBlock(*p),
		"office":         c.Office,
	}
	if c.PriorityDate.ISO() != "" {
		f["priority_date"] = c.PriorityDate.ISO()
	}
	if c.BeneficiaryID != "" {
		f["beneficiary"] = beneficiary.FullName()
	}
	n := app.Notice{ID: g.id(), CaseID: c.ID, PersonID: p.ID, Kind: kind, NoticeDate: on, Fields: f, CreatedAt: g.opt.Clock}
	switch kind {
	case app.NoticeRFE:
		n.DueDate = on.AddDays(87)
	case app.NoticeAppointment:
		if len(appts) > 0 {
			a := appts[len(appts)-1]
			f["appointment_kind"] = string(a.Kind)
			f["appointment_at"] = a.Local().Format(time.RFC3339) // the clock time at the place, with its offset
			f["appointment_zone"] = a.TimeZone
			f["appointment_place"] = a.PlaceName + "\n" + a.PlaceAddress
		}
	}
	return n
}

// messages writes a welcome and, for the most recent change, a note from the clinic.
func (g *gen) messages(p *app.Person, latest *app.Case) error {
	welcome := &app.Message{
		ID: g.id(), PersonID: p.ID, FromStaff: true,
		Subject: "Welcome to the clinic",
		Body:    "We keep a record copy of every notice USCIS sends about your cases. Ask us for a printed copy at any time.",
		SentAt:  g.opt.Today.AddDays(-g.between(30, 900)).Time().Add(10 * time.Hour),
	}
	if g.rng.IntN(10) < 8 {
		welcome.ReadAt = welcome.SentAt.Add(36 * time.Hour)
	}
	msgs := []*app.Message{welcome}
	if latest != nil && g.rng.IntN(10) < 6 {
		st, _ := app.StatusByCode(latest.StatusCode)
		m := &app.Message{
			ID: g.id(), PersonID: p.ID, CaseID: latest.ID, FromStaff: true,
			Subject: fmt.Sprintf("%s: %s", latest.Receipt, st.Title),
			Body:    st.Explain + " Call or visit the clinic if you have questions.",
			SentAt:  latest.StatusDate.Time().Add(15 * time.Hour),
		}
		if g.rng.IntN(10) < 4 {
			m.ReadAt = m.SentAt.Add(20 * time.Hour)
		}
		msgs = append(msgs, m)
	}
	for _, m := range msgs {
		if err := g.sink.Message(m); err != nil {
			return err
		}
	}
	g.n.Messages += len(msgs)
	return nil
}

// spanishSpeaking are the countries whose demo people mostly prefer Spanish.
var spanishSpeaking = []string{"Mexico", "Guatemala", "El Salvador", "Honduras", "Dominican Republic", "Cuba", "Colombia", "Venezuela"}

func parseCountries(text string) []country {
	var out []country
	end := 0
	for _, f := range tabbed(text, 5) {
		w, err := strconv.Atoi(f[1])
		if err != nil {
			panic("demo names: bad weight " + f[1])
		}
		end += w
		out = append(out, country{
			name: f[0], female: strings.Split(f[2], ","), male: strings.Split(f[3], ","),
			family: strings.Split(f[4], ","), upTo: end, speaksSpanish: slices.Contains(spanishSpeaking, f[0]),
		})
	}
	return out
}

func parsePlaces(text string) []place {
	var out []place
	for _, f := range tabbed(text, 3) {
		out = append(out, place{f[0], f[1], f[2]})
	}
	return out
}

// tabbed splits an embedded list into its lines of n tab-separated fields,
// skipping blank lines and # comments. The lists are built in, so a bad line
// is a programming error.
func tabbed(text string, n int) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("demo lists: %d fields, want %d: %q", len(f), n, line))
		}
		out = append(out, f)
	}
	return out
}

// mustZone loads a zone the time-zone database always has.
func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
