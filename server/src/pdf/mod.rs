//! PDF documents (invoices, statements) drawn with printpdf and an embedded DejaVu Sans, which
//! covers Latin, Greek and Hebrew letters. Only the glyphs used are embedded (subsetting).
//! A right-to-left language mirrors the page (what starts at the left edge starts at the right)
//! and every line is put in visual order by the Unicode bidi algorithm, since a PDF draws glyphs
//! in the order it is given them. Hebrew needs no shaping beyond that.

mod invoice;
mod statement;

pub use invoice::invoice_pdf;
pub use statement::statement_pdf;

use app::clients::model::ClientInput;
use app::i18n::Locale;
use printpdf::{Color, IndirectFontRef, Line, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference, Point, Rgb};
use std::io::Cursor;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
pub const MARGIN: f32 = 18.0;
pub const RIGHT: f32 = PAGE_W - MARGIN;

#[derive(Clone, Copy)]
pub enum Tone {
    Text,
    Muted,
    Alert,
    Good,
    /// The firm's colour (red, green, blue from 0 to 1).
    Brand(f32, f32, f32),
}

fn color(t: Tone) -> Color {
    let (r, g, b) = match t {
        Tone::Text => (0.11, 0.14, 0.19),
        Tone::Muted => (0.31, 0.35, 0.42),
        Tone::Alert => (0.64, 0.15, 0.17),
        Tone::Good => (0.12, 0.42, 0.23),
        Tone::Brand(r, g, b) => (r, g, b),
    };
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// The firm as its documents show it: its name, in its colour, beside its logo.
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    pub name: String,
    /// `#rrggbb`.
    pub colour: Option<String>,
    /// PNG or JPEG bytes.
    pub logo: Option<Vec<u8>>,
}

impl Letterhead {
    fn tone(&self) -> Tone {
        let hex = self.colour.as_deref().unwrap_or("").trim_start_matches('#');
        let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).map(|v| f32::from(v) / 255.0);
        match (channel(0), channel(2), channel(4)) {
            (Some(r), Some(g), Some(b)) => Tone::Brand(r, g, b),
            _ => Tone::Text,
        }
    }
}

/// Logo height on the page, in millimetres.
const LOGO_MM: f32 = 12.0;

/// A simple top-down page writer: `y` is the distance from the top edge in millimetres, and a new
/// page starts when the next block would not fit.
pub struct Doc {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    faces: [ttf_parser::Face<'static>; 2],
    rtl: bool,
    pub y: f32,
}

/// `s` as it is drawn: in visual order, mirrored brackets in right-to-left runs, and without
/// the invisible direction marks (the font has no glyphs for them). Each line takes its
/// direction from its first strong letter, so an English note on a Hebrew invoice still ends
/// with its full stop.
fn visual(s: &str) -> String {
    use unicode_bidi::BidiInfo;
    let info = BidiInfo::new(s, None);
    let mut out = String::with_capacity(s.len());
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let text = &s[run.clone()];
            if levels[run.start].is_rtl() {
                out.extend(text.chars().rev().map(mirror));
            } else {
                out.push_str(text);
            }
        }
    }
    out.retain(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
    out
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

impl Doc {
    pub fn new(title: &str, locale: Locale) -> Result<Self, printpdf::Error> {
        let (doc, page, layer) = PdfDocument::new(title, Mm(PAGE_W), Mm(PAGE_H), "content");
        let regular = doc.add_external_font_with_subsetting(Cursor::new(REGULAR), true)?;
        let bold = doc.add_external_font_with_subsetting(Cursor::new(BOLD), true)?;
        let layer = doc.get_page(page).get_layer(layer);
        let faces = [
            ttf_parser::Face::parse(REGULAR, 0).expect("embedded font parses"),
            ttf_parser::Face::parse(BOLD, 0).expect("embedded font parses"),
        ];
        Ok(Self { doc, layer, regular, bold, faces, rtl: locale.dir() == "rtl", y: MARGIN })
    }

    /// Width of `s` in millimetres at `size` points.
    pub fn width(&self, s: &str, size: f32, bold: bool) -> f32 {
        let face = &self.faces[bold as usize];
        let units: f32 = s
            .chars()
            .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0) as f32)
            .sum();
        units / face.units_per_em() as f32 * size * 0.352_778
    }

    /// Text that starts at `x` (its left edge; the right edge at `PAGE_W - x` when mirrored).
    pub fn text(&self, x: f32, s: &str, size: f32, bold: bool, tone: Tone) {
        let s = visual(s);
        let left = if self.rtl { PAGE_W - x - self.width(&s, size, bold) } else { x };
        self.draw(left, &s, size, bold, tone);
    }

    /// Text that ends at `right` (a number column; mirrored like [`Doc::text`]).
    pub fn text_right(&self, right: f32, s: &str, size: f32, bold: bool, tone: Tone) {
        let s = visual(s);
        let left = if self.rtl { PAGE_W - right } else { right - self.width(&s, size, bold) };
        self.draw(left, &s, size, bold, tone);
    }

    fn draw(&self, left: f32, s: &str, size: f32, bold: bool, tone: Tone) {
        self.layer.set_fill_color(color(tone));
        let font = if bold { &self.bold } else { &self.regular };
        self.layer.use_text(s, size, Mm(left), Mm(PAGE_H - self.y), font);
    }

    /// Cuts `s` to fit `max` millimetres, ending with "…" when shortened.
    pub fn fit(&self, s: &str, size: f32, max: f32) -> String {
        self.fit_as(s, size, false, max)
    }

    fn fit_as(&self, s: &str, size: f32, bold: bool, max: f32) -> String {
        if self.width(s, size, bold) <= max {
            return s.to_string();
        }
        let mut out: String = s.to_string();
        while !out.is_empty() && self.width(&format!("{out}…"), size, bold) > max {
            out.pop();
        }
        format!("{out}…")
    }

    /// The firm's logo (if any) above its name in its colour at the start, and the document's
    /// title at the end of the first line, or the title on a line of its own when both do not
    /// fit (long titles in some languages).
    pub fn heading(&mut self, head: &Letterhead, title: &str) {
        if let Some(logo) = head.logo.as_deref() {
            self.logo(logo);
        }
        let firm = head.name.as_str();
        self.text(MARGIN, firm, 16.0, true, head.tone());
        if self.width(firm, 16.0, true) + self.width(title, 14.0, true) + 8.0 > RIGHT - MARGIN {
            self.down(8.0);
        }
        self.text_right(RIGHT, title, 14.0, true, Tone::Text);
    }

    /// The logo at the top corner, `LOGO_MM` high, flattened onto white (transparency would
    /// print black); a logo that cannot be read is left out.
    fn logo(&mut self, bytes: &[u8]) {
        use printpdf::image_crate::{self, DynamicImage, Rgb as Px, RgbImage};
        let Ok(img) = image_crate::load_from_memory(bytes) else { return };
        let rgba = img.to_rgba8();
        let flat = RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            let p = rgba.get_pixel(x, y).0;
            let a = u16::from(p[3]);
            let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
            Px([mix(p[0]), mix(p[1]), mix(p[2])])
        });
        let (w_px, h_px) = (flat.width() as f32, flat.height() as f32);
        // The dots per inch that make the image LOGO_MM high (1 inch = 25.4 mm).
        let dpi = h_px * 25.4 / LOGO_MM;
        let w_mm = w_px * 25.4 / dpi;
        let left = if self.rtl { PAGE_W - MARGIN - w_mm } else { MARGIN };
        let transform = printpdf::ImageTransform { translate_x: Some(Mm(left)), translate_y: Some(Mm(PAGE_H - self.y - LOGO_MM + 4.0)), dpi: Some(dpi), ..Default::default() };
        printpdf::Image::from_dynamic_image(&DynamicImage::ImageRgb8(flat)).add_to_layer(self.layer.clone(), transform);
        self.down(LOGO_MM + 2.0);
    }

    pub fn rule(&self, thickness: f32) {
        self.layer.set_outline_color(color(Tone::Muted));
        self.layer.set_outline_thickness(thickness);
        let y = Mm(PAGE_H - self.y);
        self.layer.add_line(Line {
            points: vec![(Point::new(Mm(MARGIN), y), false), (Point::new(Mm(RIGHT), y), false)],
            is_closed: false,
        });
    }

    pub fn down(&mut self, mm: f32) {
        self.y += mm;
    }

    /// Starts a new page when fewer than `needed` millimetres are left.
    pub fn ensure(&mut self, needed: f32) {
        if self.y + needed > PAGE_H - MARGIN {
            let (page, layer) = self.doc.add_page(Mm(PAGE_W), Mm(PAGE_H), "content");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.y = MARGIN;
        }
    }

    /// A client's billing address, line by line, and tax id, in small type at `x`.
    pub fn billing(&mut self, x: f32, billed: &ClientInput, l: Locale) {
        let tax = (!billed.tax_id.is_empty()).then(|| format!("{}: {}", l.text(app::i18n::Key::TaxId), billed.tax_id));
        for line in billed.address.lines().map(str::to_string).chain(tax) {
            self.text(x, &line, 9.0, false, Tone::Text);
            self.down(4.5);
        }
    }

    pub fn finish(self) -> Result<Vec<u8>, printpdf::Error> {
        self.doc.save_to_bytes()
    }
}

/// A table column: where it ends (right-aligned numbers) or starts (text).
#[derive(Clone, Copy)]
pub enum Col {
    Left(f32),
    Right(f32),
}

impl Doc {
    /// A table's column labels, each cut to the room its column has (labels are longer in some
    /// languages than the numbers under them).
    pub fn header(&mut self, cols: &[Col], labels: &[String]) {
        let anchor = |c: &Col| match *c {
            Col::Left(x) | Col::Right(x) => x,
        };
        let cells: Vec<String> = cols
            .iter()
            .enumerate()
            .zip(labels)
            .map(|((i, col), label)| {
                let room = match *col {
                    Col::Right(x) => x - i.checked_sub(1).map_or(MARGIN, |p| anchor(&cols[p])),
                    Col::Left(x) => match cols.get(i + 1) {
                        Some(Col::Left(next)) => next - x,
                        Some(Col::Right(next)) => next - 20.0 - x,
                        None => RIGHT - x,
                    },
                };
                self.fit_as(label, 8.0, true, room - 2.0)
            })
            .collect();
        self.row(cols, &cells, 8.0, true, Tone::Muted);
    }

    pub fn row(&mut self, cols: &[Col], cells: &[String], size: f32, bold: bool, tone: Tone) {
        self.ensure(7.0);
        for (col, cell) in cols.iter().zip(cells) {
            match *col {
                Col::Left(x) => self.text(x, cell, size, bold, tone),
                Col::Right(x) => self.text_right(x, cell, size, bold, tone),
            }
        }
        self.down(6.0);
    }
}

#[cfg(test)]
mod tests {
    use super::visual;

    #[test]
    fn right_to_left_lines_are_drawn_in_visual_order() {
        // "Invoice INV-7 (paid)" in Hebrew: the Hebrew words are reversed, the number is not.
        assert_eq!(visual("חשבונית \u{2068}INV-7\u{2069} (שולם)"), "(םלוש) INV-7 תינובשח");
        assert_eq!(visual("Invoice INV-7"), "Invoice INV-7");
        assert_eq!(visual("\u{200F}1,234.50\u{00A0}\u{200F}₪"), "₪\u{00A0}1,234.50");
        assert_eq!(visual("Thank you for your business."), "Thank you for your business.");
    }
}
