//! The hourly heat map: a site's hours as pixels, one column a day and one row an hour of the
//! day (UTC), for each hourly figure (consumption, grid factor, share matched). Each is a
//! small PNG, a pixel an hour, which the PDF scales without smoothing and the HTML shows
//! inline: a year is 365 × 24 pixels, where drawn cells would be 8,760 shapes a figure.

use base64::Engine as _;
use schemars::JsonSchema;
use serde::Serialize;

use crate::compute::{HourFigures, Results};
use crate::model::hourly::SECONDS_PER_HOUR;
use crate::text::number::{format, percent};

/// Where the PDF's Typst world serves the heat maps' images; a template's own file of the
/// same path still reads as itself when no image has that name.
pub const IMAGES: &str = "wattprint-charts/";

/// One figure of a site's heat map.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Layer {
    /// What it shows, e.g. `Consumption`.
    title: &'static str,
    /// The value of the lightest colour, with its unit, e.g. `0 kWh`.
    low: String,
    /// The value of the darkest colour, with its unit, e.g. `12.4 kWh`.
    high: String,
    /// The image's path in the Typst world, e.g. `/wattprint-charts/heat-0-consumption.png`.
    path: String,
    /// The image as a `data:` URI, for HTML.
    data_uri: String,
    /// The darkest colour, `#1f4e79`, for a legend.
    colour: &'static str,
}

/// A site's heat map.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Heatmap {
    /// The site's identifier.
    site: String,
    /// The first day shown (the image's first column), `2026-01-01`.
    first_day: String,
    /// The last day shown (its last column).
    last_day: String,
    /// Days shown, one column each.
    days: usize,
    /// Consumption, then the grid factor and the share matched where the site gives them.
    layers: Vec<Layer>,
}

/// A colour ramp from light to dark, as RGB.
#[derive(Clone, Copy)]
struct Ramp {
    light: [u8; 3],
    dark: [u8; 3],
    hex: &'static str,
}

const CONSUMPTION: Ramp = Ramp {
    light: [0xee, 0xf3, 0xf9],
    dark: [0x1f, 0x4e, 0x79],
    hex: "#1f4e79",
};
const FACTOR: Ramp = Ramp {
    light: [0xff, 0xf3, 0xe0],
    dark: [0x8c, 0x2d, 0x04],
    hex: "#8c2d04",
};
const MATCHED: Ramp = Ramp {
    light: [0xe8, 0xe8, 0xe8],
    dark: [0x1a, 0x7f, 0x37],
    hex: "#1a7f37",
};
/// An hour with no consumption or no value.
const EMPTY: [u8; 3] = [0xff, 0xff, 0xff];

impl Ramp {
    /// The colour of `t`, 0 (light) to 1 (dark).
    fn at(self, t: f64) -> [u8; 3] {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mix = |a: u8, b: u8| {
            let v = f64::from(a) + (f64::from(b) - f64::from(a)) * t;
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a value between two bytes, rounded"
            )]
            let byte = v.round() as u8;
            byte
        };
        [
            mix(self.light[0], self.dark[0]),
            mix(self.light[1], self.dark[1]),
            mix(self.light[2], self.dark[2]),
        ]
    }
}

/// `pixels` (row by row, `width` to a row, RGB) as PNG bytes: the same pixels give the same
/// bytes, so a report stays byte-identical.
fn png(width: usize, pixels: &[[u8; 3]]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let height = pixels.len() / width.max(1);
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
        return bytes;
    };
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let flat: Vec<u8> = pixels.iter().flatten().copied().collect();
    // Writing to memory fails only on dimensions that do not fit, refused above.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&flat);
    }
    bytes
}

/// One figure to draw: what it shows, how, and how its values are written.
struct Spec {
    name: &'static str,
    title: &'static str,
    ramp: Ramp,
    value: fn(&HourFigures) -> Option<f64>,
    shown: fn(f64) -> String,
    /// The values of the lightest and darkest colours when fixed (a share: 0 to 1); the
    /// lowest and highest value otherwise.
    fixed: Option<(f64, f64)>,
}

const SPECS: [Spec; 3] = [
    Spec {
        name: "consumption",
        title: "Consumption (facility energy)",
        ramp: CONSUMPTION,
        value: |h| (h.kwh > 0.0).then_some(h.kwh),
        shown: |v| format!("{} kWh", format(v)),
        fixed: None,
    },
    Spec {
        name: "factor",
        title: "Grid factor (location-based)",
        ramp: FACTOR,
        value: |h| h.g_per_kwh,
        shown: |v| format!("{} gCO₂e/kWh", format(v)),
        fixed: None,
    },
    Spec {
        name: "matched",
        title: "Share matched hour by hour (proposed method)",
        ramp: MATCHED,
        value: |h| h.matched_kwh.filter(|_| h.kwh > 0.0).map(|m| m / h.kwh),
        shown: percent,
        fixed: Some((0.0, 1.0)),
    },
];

/// A site's hours laid out a pixel each: a column a day from `first_day`, a row an hour.
struct Grid {
    first_day: i64,
    days: usize,
}

impl Grid {
    const DAY: i64 = 24 * SECONDS_PER_HOUR;

    /// The grid of `series` (in time order), or `None` when it has no hours or spans more
    /// days than a heat map can show (4,000).
    fn of(series: &[HourFigures]) -> Option<Self> {
        let (first, last) = (series.first()?, series.last()?);
        let first_day = first.at.div_euclid(Self::DAY);
        let days = usize::try_from(last.at.div_euclid(Self::DAY) - first_day + 1).ok()?;
        (1..=4000)
            .contains(&days)
            .then_some(Self { first_day, days })
    }

    /// The pixel of the hour starting at `at`.
    fn place(&self, at: i64) -> usize {
        let column = usize::try_from(at.div_euclid(Self::DAY) - self.first_day).unwrap_or(0);
        let row = usize::try_from(at.rem_euclid(Self::DAY) / SECONDS_PER_HOUR).unwrap_or(0);
        row * self.days + column
    }

    /// The date of day `offset` from the first, `2026-01-01`.
    fn date(&self, offset: i64) -> String {
        chrono::DateTime::from_timestamp((self.first_day + offset) * Self::DAY, 0)
            .map_or_else(String::new, |t| t.date_naive().to_string())
    }
}

/// One figure of the heat map of `series` on `grid`, with its image, named after site `s`, and
/// the image's name among the PDF's images; `None` when no hour has a value.
fn layer(
    spec: &Spec,
    series: &[HourFigures],
    grid: &Grid,
    s: usize,
) -> Option<(Layer, (String, Vec<u8>))> {
    let values: Vec<f64> = series.iter().filter_map(spec.value).collect();
    let (low, high) = spec.fixed.unwrap_or_else(|| {
        values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            })
    });
    if values.is_empty() || !low.is_finite() || !high.is_finite() {
        return None;
    }
    let mut pixels = vec![EMPTY; grid.days * 24];
    for hour in series {
        if let Some(v) = (spec.value)(hour) {
            let t = if high > low {
                (v - low) / (high - low)
            } else {
                1.0
            };
            pixels[grid.place(hour.at)] = spec.ramp.at(t);
        }
    }
    let bytes = png(grid.days, &pixels);
    let name = format!("{IMAGES}heat-{s}-{}.png", spec.name);
    let layer = Layer {
        title: spec.title,
        low: (spec.shown)(low),
        high: (spec.shown)(high),
        // From the root: a template's file in a subfolder reads the same image.
        path: format!("/{name}"),
        data_uri: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        ),
        colour: spec.ramp.hex,
    };
    Some((layer, (name, bytes)))
}

/// The heat maps of every site with hourly figures, and their images by path.
#[must_use]
pub fn heatmaps(results: &Results) -> (Vec<Heatmap>, Vec<(String, Vec<u8>)>) {
    let mut maps = Vec::new();
    let mut images = Vec::new();
    for (s, site) in results.sites.iter().enumerate() {
        let Some(series) = site.hourly.as_ref().map(|h| h.series.as_slice()) else {
            continue;
        };
        let Some(grid) = Grid::of(series) else {
            continue;
        };
        let mut layers = Vec::new();
        for spec in &SPECS {
            if let Some((layer, image)) = layer(spec, series, &grid, s) {
                images.push(image);
                layers.push(layer);
            }
        }
        maps.push(Heatmap {
            site: site.id.clone(),
            first_day: grid.date(0),
            last_day: grid.date(i64::try_from(grid.days).unwrap_or(1) - 1),
            days: grid.days,
            layers,
        });
    }
    (maps, images)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ramp_runs_from_light_to_dark_and_clamps() {
        assert_eq!(CONSUMPTION.at(0.0), CONSUMPTION.light);
        assert_eq!(CONSUMPTION.at(1.0), CONSUMPTION.dark);
        assert_eq!(CONSUMPTION.at(2.0), CONSUMPTION.dark);
        assert_eq!(CONSUMPTION.at(f64::NAN), CONSUMPTION.light);
    }

    #[test]
    fn the_png_is_the_pixels_and_the_same_every_time() {
        let pixels = vec![[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]];
        let bytes = png(2, &pixels);
        assert_eq!(bytes, png(2, &pixels));
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut out = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut out).unwrap();
        assert_eq!((info.width, info.height), (2, 2));
        assert_eq!(&out[..12], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
}
