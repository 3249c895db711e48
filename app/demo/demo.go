// Package demo builds CaseDesk's demo clinic: people with realistic names
// from many countries, their cases with status histories that follow real
// USCIS sequences, the notices those changes mail, appointments and
// messages. The same seed and reference date always build the same clinic.
package demo

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"casedesk/app"
	"casedesk/assets"

	"github.com/google/uuid"
)

// Sink receives the demo clinic's records, in an order that satisfies
// foreign keys (a person before their cases, a case before its events).
type Sink interface {
	Person(*app.Person) error
	Case(*app.Case) error
	Event(*app.CaseEvent) error
	Notice(*app.Notice) error
	Appointment(*app.Appointment) error
	Message(*app.Message) error
	Setting(key, value string) error
	ProcessingTime(*app.ProcessingTime) error
}

// Options say what to build.
type Options struct {
	People int       // how many people; each has 1 to 4 cases
	Seed   uint64    // the same seed builds the same clinic
	Today  app.Date  // histories end here; zero means the current date
	Clock  time.Time // when records are stamped as created; zero means Today at noon UTC
}

// Counts says what was built.
type Counts struct {
	People, Cases, Events, Notices, Appointments, Messages int
	ProcessingTimes                                        int
}

// ClinicName is the demo clinic's name, shown on the welcome screen and letterheads.
const ClinicName = "Riverside Immigration Legal Aid (demo)"

// Build generates the clinic into sink, reporting progress (people done of
// total) now and then. It stops early, returning ctx.Err(), when ctx ends.
func Build(ctx context.Context, sink Sink, opt Options, progress func(done, total int)) (Counts, error) {
	if opt.People < 1 {
		return Counts{}, fmt.Errorf("the demo clinic needs at least 1 person, not %d", opt.People)
	}
	if opt.Today.IsZero() {
		opt.Today = app.DateOf(time.Now())
	}
	if opt.Clock.IsZero() {
		opt.Clock = opt.Today.Time().Add(12 * time.Hour)
	}
	g := &gen{
		opt:       opt,
		rng:       rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		idClock:   uint64(opt.Clock.UnixMilli()),
		receipts:  map[string]bool{},
		countries: parseCountries(assets.DemoPeople),
		places:    parsePlaces(assets.DemoPlaces),
		sink:      sink,
	}
	for _, kv := range [][2]string{
		{app.SettingClinicName, ClinicName},
		{app.SettingClinicAddress, "1200 River Road, Suite 4\nSpringfield, IL 62701"},
		{app.SettingInstallKind, app.InstallDemo},
	} {
		if err := sink.Setting(kv[0], kv[1]); err != nil {
			return g.n, err
		}
	}
	if err := g.processingTimes(); err != nil {
		return g.n, err
	}
	for i := range opt.People {
		if i%500 == 0 {
			if err := ctx.Err(); err != nil {
				return g.n, err
			}
			if progress != nil {
				progress(i, opt.People)
			}
		}
		if err := g.person(i); err != nil {
			return g.n, err
		}
	}
	if progress != nil {
		progress(opt.People, opt.People)
	}
	return g.n, nil
}

type country struct {
	name          string
	female, male  []string
	family        []string
	speaksSpanish bool
	upTo          int // cumulative weight: picked when a draw is below it
}

type place struct{ city, state, zip string }

type gen struct {
	opt       Options
	rng       *rand.Rand
	idClock   uint64
	receipts  map[string]bool
	countries []country
	places    []place
	sink      Sink
	people    []*app.Person // earlier people, the petitioners of I-130s
	n         Counts
}

// id makes a UUIDv7 from a counter clock and the seeded generator, so ids
// are time-ordered like the store's own and the same on every build.
func (g *gen) id() string {
	g.idClock++
	var b [16]byte
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], g.idClock)
	copy(b[0:6], ms[2:8])
	binary.BigEndian.PutUint64(b[8:16], g.rng.Uint64())
	r := g.rng.Uint32()
	b[6], b[7] = 0x70|byte(r>>8)&0x0f, byte(r)
	b[8] = 0x80 | b[8]&0x3f
	return uuid.UUID(b).String()
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

var streets = []string{"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd",
	"Lincoln Ave", "Jefferson St", "Park Ave", "Lake Shore Dr", "Sunset Blvd", "Mission St", "Broadway", "Grand Ave"}

func (g *gen) person(i int) error {
	c := g.country()
	female := g.rng.IntN(2) == 0
	given := g.pick(c.male)
	if female {
		given = g.pick(c.female)
	}
	pl := g.places[g.rng.IntN(len(g.places))]
	p := &app.Person{
		ID:             g.id(),
		GivenName:      given,
		FamilyName:     g.pick(c.family),
		DateOfBirth:    app.NewDate(g.between(1950, 2006), time.Month(g.between(1, 12)), g.between(1, 28)),
		CountryOfBirth: c.name,
		Address: app.Address{
			Line1: strconv.Itoa(g.between(10, 9899)) + " " + g.pick(streets),
			City:  pl.city, State: pl.state, ZIP: app.ZIP(pl.zip),
		},
		Phone:     fmt.Sprintf("(555) 01%02d-%04d", g.rng.IntN(100), g.rng.IntN(10000)),
		Language:  "en",
		CreatedAt: g.opt.Clock,
	}
	if g.rng.IntN(10) < 3 {
		p.Address.Line2 = "Apt " + strconv.Itoa(g.between(1, 40))
	}
	if c.speaksSpanish && g.rng.IntN(10) < 7 {
		p.Language = "es"
	}
	if g.rng.IntN(10) < 6 {
		// (i × 7919) mod 10⁸ is a permutation, so A-numbers never repeat.
		p.ANumber = app.ANumber(fmt.Sprintf("A2%08d", (uint64(i)*7919+g.opt.Seed)%100_000_000))
	}
	if g.rng.IntN(10) < 7 {
		local := app.NameKey(given) + "." + app.NameKey(p.FamilyName)
		if !isASCII(local) {
			local = "client" + strconv.Itoa(i)
		}
		p.Email = local + "@example.org"
	}
	if err := g.sink.Person(p); err != nil {
		return err
	}
	g.n.People++
	g.people = append(g.people, p)

	forms := g.forms()
	var latest *app.Case
	for _, form := range forms {
		cs, err := g.caseFor(p, form)
		if err != nil {
			return err
		}
		if latest == nil || latest.StatusDate.Before(cs.StatusDate) {
			latest = cs
		}
	}
	return g.messages(p, latest)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return s != "" && s != "."
}

func (g *gen) country() country {
	total := g.countries[len(g.countries)-1].upTo
	r := g.rng.IntN(total)
	for _, c := range g.countries {
		if r < c.upTo {
			return c
		}
	}
	return g.countries[0]
}

// forms picks 1 to 4 different forms (35 %, 35 %, 20 %, 10 %).
func (g *gen) forms() []string {
	n := 1
	switch r := g.rng.IntN(100); {
	case r >= 90:
		n = 4
	case r >= 70:
		n = 3
	case r >= 35:
		n = 2
	}
	total := 0
	for _, fw := range formWeights {
		total += fw.weight
	}
	var out []string
	for len(out) < n {
		r := g.rng.IntN(total)
		for _, fw := range formWeights {
			if r < fw.weight {
				if !slices.Contains(out, fw.form) {
					out = append(out, fw.form)
				}
				break
			}
			r -= fw.weight
		}
	}
	return out
}

// typicalMonths is how long each form usually takes, as a range in months.
var typicalMonths = map[string][2]float64{
	"I-130": {12, 20}, "I-485": {8, 14}, "I-765": {3, 6}, "I-131": {5, 9},
	"N-400": {6, 10}, "I-90": {7, 12}, "I-751": {14, 24}, "I-821D": {4, 8},
}

// processingTimes records, for every form and every office that handles
// it, how long it takes there, as a clinic would copy it from USCIS. A rng of
// its own keeps the people of a seed the same.
func (g *gen) processingTimes() error {
	rng := rand.New(rand.NewPCG(g.opt.Seed^0x5bd1e995, g.opt.Seed))
	asOf := g.opt.Today.AddDays(-15)
	forms := make([]string, 0, len(receiptPrefixes))
	for f := range receiptPrefixes {
		forms = append(forms, f)
	}
	slices.Sort(forms)
	for _, f := range forms {
		seen := map[string]bool{}
		for _, prefix := range receiptPrefixes[f] {
			office := app.Receipt(prefix + "0000000000").Office()
			if seen[office] {
				continue
			}
			seen[office] = true
			factor := 0.8 + rng.Float64()/2
			base := typicalMonths[f]
			pt := &app.ProcessingTime{FormType: f, Office: office, AsOf: asOf,
				MinMonths: math.Round(base[0]*factor*2) / 2, MaxMonths: math.Round(base[1]*factor*2) / 2,
				Source: "USCIS case processing times, as the clinic last copied them (demo figures)"}
			if err := g.sink.ProcessingTime(pt); err != nil {
				return err
			}
			g.n.ProcessingTimes++
		}
	}
	return nil
}
