//! The package's `imsmanifest.xml` (SCORM 1.2): one SCO per lecture, so that a gradebook shows
//! one item per lecture, each launching the course at its lecture (`index.html?lecture=N`), and
//! one asset resource that lists every file of the site.

/// What the manifest describes.
pub struct Package<'a> {
    /// (number, title) of each lecture, in order.
    pub lectures: &'a [(u8, String)],
    /// Every file of the built site, as paths relative to it with '/' separators.
    pub files: &'a [String],
    /// The score (0–100) at which a lecture counts as passed; none: completed when read.
    pub mastery: Option<u8>,
}

/// Text as XML character data or an attribute value.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The manifest's text.
pub fn manifest(p: &Package) -> String {
    let mastery = p
        .mastery
        .map(|m| format!("\n        <adlcp:masteryscore>{m}</adlcp:masteryscore>"))
        .unwrap_or_default();
    let items: String = p
        .lectures
        .iter()
        .map(|(n, title)| {
            format!(
                "\n      <item identifier=\"lecture-{n}\" identifierref=\"sco-{n}\" isvisible=\"true\">\n        <title>{}</title>{mastery}\n      </item>",
                xml(&format!("Lecture {n}. {title}"))
            )
        })
        .collect();
    let scos: String = p
        .lectures
        .iter()
        .map(|(n, _)| {
            format!(
                "\n    <resource identifier=\"sco-{n}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"index.html?lecture={n}\">\n      <file href=\"index.html\"/>\n      <dependency identifierref=\"site\"/>\n    </resource>"
            )
        })
        .collect();
    let files: String = p
        .files
        .iter()
        .map(|f| format!("\n      <file href=\"{}\"/>", xml(f)))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="neurolive-course" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="neurolive">
    <organization identifier="neurolive">
      <title>NeuroLive: theoretical neuroscience, live in the browser</title>{items}
    </organization>
  </organizations>
  <resources>{scos}
    <resource identifier="site" type="webcontent" adlcp:scormtype="asset">{files}
    </resource>
  </resources>
</manifest>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sco_per_lecture_launching_at_its_lecture() {
        let lectures = vec![
            (1, "Overview".to_string()),
            (2, "Synapses & <plasticity>".to_string()),
        ];
        let files = vec!["index.html".to_string(), "math/styles.css".to_string()];
        let m = manifest(&Package {
            lectures: &lectures,
            files: &files,
            mastery: Some(80),
        });
        assert_eq!(m.matches("adlcp:scormtype=\"sco\"").count(), 2);
        assert!(m.contains("href=\"index.html?lecture=2\""));
        assert!(m.contains("<title>Lecture 2. Synapses &amp; &lt;plasticity&gt;</title>"));
        assert_eq!(
            m.matches("<adlcp:masteryscore>80</adlcp:masteryscore>")
                .count(),
            2
        );
        assert!(m.contains("<file href=\"math/styles.css\"/>"));
        let none = manifest(&Package {
            lectures: &lectures,
            files: &files,
            mastery: None,
        });
        assert!(!none.contains("masteryscore"));
    }
}
