package auth

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif"  // a scan saved as GIF
	_ "image/jpeg" // a phone's photo
	"image/png"
	"io"
	"os"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"casedesk/app"
	"casedesk/app/i18n"
)

// RecoveryQRImage renders the sheet's QR code as a PNG of about size
// pixels, with the quiet zone of four modules a camera needs. Error
// correction is high (H): a creased or stained sheet still reads.
func (k *Keys) RecoveryQRImage(size int) ([]byte, error) {
	code, err := qr.Encode(k.RecoveryQR(), qr.H, qr.AlphaNumeric)
	if err != nil {
		return nil, err
	}
	modules := code.Bounds().Dx()
	scale := max(size/(modules+8), 1)
	scaled, err := barcode.Scale(code, modules*scale, modules*scale)
	if err != nil {
		return nil, err
	}
	quiet := 4 * scale
	img := image.NewGray(image.Rect(0, 0, modules*scale+2*quiet, modules*scale+2*quiet))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
	draw.Draw(img, scaled.Bounds().Add(image.Pt(quiet, quiet)), scaled, image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxPhoto bounds the image file ReadRecoveryQR reads: a phone's photo is
// a few megabytes.
const maxPhoto = 64 << 20

// ReadRecoveryQR reads the recovery key from a photo or scan of the sheet
// (PNG, JPEG or GIF) by its QR code, and checks it as ParseRecoveryKey
// does. A picture with no readable QR code, or another QR code, is an
// input error that says what to do instead.
func ReadRecoveryQR(imagePath string) ([]byte, error) {
	f, err := os.Open(imagePath)
	if err != nil {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read from %s: %v", imagePath, err)
	}
	defer f.Close()
	img, _, err := image.Decode(io.LimitReader(f, maxPhoto))
	if err != nil {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read from %s: it is not a PNG, JPEG or GIF picture. Take a photo or scan of the sheet, or type the key's 13 groups instead", imagePath)
	}
	text, err := decodeQR(img)
	if err != nil {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read: no QR code was found in %s. Take the photo again with the whole sheet flat and sharp, or type the key's 13 groups instead", imagePath)
	}
	if !strings.HasPrefix(text, RecoveryQRPrefix) {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read: the QR code in %s is not a CaseDesk recovery key. Use the QR code on the Recovery Key sheet", imagePath)
	}
	return ParseRecoveryKey(text)
}

// decodeQR finds and reads one QR code in img, trying harder on photos.
func decodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", errors.New(i18n.T("no QR code found"))
	}
	return res.GetText(), nil
}
