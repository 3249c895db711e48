// Package assets holds what CaseDesk embeds in its binary: the icon, the
// translation catalogs, the fonts of printed notices and the name and place
// lists of the demo clinic.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed icon.png
var Icon []byte

//go:embed names/people.txt
var DemoPeople string

//go:embed names/places.txt
var DemoPlaces string

//go:embed translations
var translations embed.FS

// Translations is the folder of translation catalogs (<tag>.json).
var Translations, _ = fs.Sub(translations, "translations")

// The fonts of printed notices: DejaVu Sans (regular and bold) and DejaVu
// Sans Mono, which cover Latin, Greek and Cyrillic. Licence: fonts/LICENSE-DejaVu.txt.
var (
	//go:embed fonts/DejaVuSans.ttf
	FontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	FontBold []byte
	//go:embed fonts/DejaVuSansMono.ttf
	FontMono []byte
)

// CommonPasswords is the blocklist of common passwords, one per line, most
// common first (the zxcvbn list; licence in passwords/LICENSE-zxcvbn.txt).
//
//go:embed passwords/common.txt
var CommonPasswords string
