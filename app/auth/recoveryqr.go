package auth

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif"  // a scan saved as GIF
	_ "image/jpeg" // a phone's photo
	"image/png"
	"io"
	"os"
	"strings"

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
	img, err := qrImage(k.RecoveryQR(), size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// qrImage draws text as the sheet's QR code (level H, alphanumeric, as
// the printed sheet draws it) about size pixels square.
func qrImage(text string, size int) (image.Image, error) {
	code, err := qr.Encode(text, qr.H, qr.AlphaNumeric)
	if err != nil {
		return nil, err
	}
	return qrPicture(code, size)
}

// qrReadsBack says whether text's QR code, drawn sharp, reads back.
func qrReadsBack(text string) bool {
	img, err := qrImage(text, 400)
	if err != nil {
		return false
	}
	got, err := decodeQR(img)
	return err == nil && got == text
}

// maxPhoto bounds the image file ReadRecoveryQR reads: a phone's photo is
// a few megabytes.
const maxPhoto = 64 << 20

// maxPixels bounds the picture's size once decoded: a small file can claim
// a picture of billions of pixels, and decoding it would take as many bytes.
const maxPixels = 50_000_000

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
	cfg, _, err := image.DecodeConfig(io.LimitReader(f, maxPhoto))
	if err == nil && int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read from %s: the picture is %d × %d pixels, more than a photo of a sheet needs. Use a smaller photo or scan (up to about 50 megapixels), or type the key's 13 groups instead", imagePath, cfg.Width, cfg.Height)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, app.Invalid(app.FieldRecoveryKey, "could not be read from %s: %v", imagePath, err)
	}
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

// decodeQR finds and reads one QR code in img. The reader's finder misses
// some codes at some sizes (about 1 in 150 clean renderings), so when the
// picture as it is does not read, it is tried again with the other
// binariser and at other scales before giving up.
func decodeQR(img image.Image) (string, error) {
	reader := gozxingqr.NewQRCodeReader()
	hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	for _, scaled := range []image.Image{img, scale(img, 3, 4), scale(img, 1, 2), scale(img, 5, 4)} {
		if scaled == nil {
			continue
		}
		src := gozxing.NewLuminanceSourceFromImage(scaled)
		for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
			bmp, err := gozxing.NewBinaryBitmap(bin)
			if err != nil {
				continue
			}
			if res, err := reader.Decode(bmp, hard); err == nil {
				return res.GetText(), nil
			}
		}
	}
	return "", errors.New(i18n.T("no QR code found"))
}

// scale returns img resized by num/den (nearest neighbour), or nil when
// that would be too small to read.
func scale(img image.Image, num, den int) image.Image {
	b := img.Bounds()
	w, h := b.Dx()*num/den, b.Dy()*num/den
	if w < 64 || h < 64 || w > 8000 || h > 8000 {
		return nil
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Set(x, y, img.At(b.Min.X+x*den/num, b.Min.Y+y*den/num))
		}
	}
	return out
}
