package app

// Form is a USCIS form CaseDesk knows by name.
type Form struct {
	Type  string // "I-485"
	Title string
	// Petition forms have a petitioner and a beneficiary; the others an applicant.
	Petition bool
}

// Forms lists the common forms a clinic files, in the order staff pick them.
var Forms = []Form{
	{"I-130", "Petition for Alien Relative", true},
	{"I-485", "Application to Register Permanent Residence or Adjust Status", false},
	{"I-765", "Application for Employment Authorization", false},
	{"I-131", "Application for Travel Documents, Parole Documents, and Arrival/Departure Records", false},
	{"N-400", "Application for Naturalization", false},
	{"I-90", "Application to Replace Permanent Resident Card (Green Card)", false},
	{"I-751", "Petition to Remove Conditions on Residence", false},
	{"I-821D", "Consideration of Deferred Action for Childhood Arrivals", false},
}

// FormByType finds a known form.
func FormByType(t string) (Form, bool) {
	for _, f := range Forms {
		if f.Type == t {
			return f, true
		}
	}
	return Form{}, false
}
