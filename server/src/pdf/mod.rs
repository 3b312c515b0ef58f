//! PDF documents (invoices, statements) drawn with printpdf and an embedded DejaVu Sans, which
//! covers Latin, Greek and Hebrew letters. Only the glyphs used are embedded (subsetting).

mod invoice;
mod statement;

pub use invoice::invoice_pdf;
pub use statement::statement_pdf;

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
}

fn color(t: Tone) -> Color {
    let (r, g, b) = match t {
        Tone::Text => (0.11, 0.14, 0.19),
        Tone::Muted => (0.31, 0.35, 0.42),
        Tone::Alert => (0.64, 0.15, 0.17),
        Tone::Good => (0.12, 0.42, 0.23),
    };
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// A simple top-down page writer: `y` is the distance from the top edge in millimetres, and a new
/// page starts when the next block would not fit.
pub struct Doc {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    faces: [ttf_parser::Face<'static>; 2],
    pub y: f32,
}

impl Doc {
    pub fn new(title: &str) -> Result<Self, printpdf::Error> {
        let (doc, page, layer) = PdfDocument::new(title, Mm(PAGE_W), Mm(PAGE_H), "content");
        let regular = doc.add_external_font_with_subsetting(Cursor::new(REGULAR), true)?;
        let bold = doc.add_external_font_with_subsetting(Cursor::new(BOLD), true)?;
        let layer = doc.get_page(page).get_layer(layer);
        let faces = [
            ttf_parser::Face::parse(REGULAR, 0).expect("embedded font parses"),
            ttf_parser::Face::parse(BOLD, 0).expect("embedded font parses"),
        ];
        Ok(Self { doc, layer, regular, bold, faces, y: MARGIN })
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

    pub fn text(&self, x: f32, s: &str, size: f32, bold: bool, tone: Tone) {
        self.layer.set_fill_color(color(tone));
        let font = if bold { &self.bold } else { &self.regular };
        self.layer.use_text(s, size, Mm(x), Mm(PAGE_H - self.y), font);
    }

    /// Text whose right edge is at `right`.
    pub fn text_right(&self, right: f32, s: &str, size: f32, bold: bool, tone: Tone) {
        self.text(right - self.width(s, size, bold), s, size, bold, tone);
    }

    /// Cuts `s` to fit `max` millimetres, ending with "…" when shortened.
    pub fn fit(&self, s: &str, size: f32, max: f32) -> String {
        if self.width(s, size, false) <= max {
            return s.to_string();
        }
        let mut out: String = s.to_string();
        while !out.is_empty() && self.width(&format!("{out}…"), size, false) > max {
            out.pop();
        }
        format!("{out}…")
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
