package desk

import (
	"reflect"
	"testing"
)

// A client's form, saved unchanged, is the same client: editing one field
// never trips over the others as FormOf shows them.
func TestFormOfParsesBackToTheSameClient(t *testing.T) {
	typed := ClientForm{GivenName: "María José", MiddleName: "de la", FamilyName: "Núñez", OtherNames: "María Nunez",
		DateOfBirth: "1985-03-14", CountryOfBirth: "Mexico", ANumber: "A123456789", Line1: "12 Elm St", Line2: "Apt 4",
		City: "Austin", State: "tx", ZIP: "78701", Phone: "512 555 0199", Email: "maria@example.org", Language: "es",
		AssignedTo: "acct-1"}
	c, err := ParseClient(typed)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseClient(FormOf(c))
	if err != nil {
		t.Fatalf("the form of a saved client is refused: %v", err)
	}
	if !reflect.DeepEqual(again, c) {
		t.Errorf("round trip changed the client:\n%+v\n%+v", again, c)
	}
	if FormOf(Client{}).DateOfBirth != "" {
		t.Error("no date of birth shows as one")
	}
}
