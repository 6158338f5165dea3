/**
 * Word lists for generated names. Plain data, kept apart so the generator reads as logic.
 * The lists are large enough that 2,000+ distinct company names come out without numbering.
 */

export const ADJECTIVES = [
  "Advanced", "Allied", "Apex", "Atlantic", "Blue", "Bright", "Capital", "Cardinal", "Central", "Clear",
  "Coastal", "Copper", "Crescent", "Crystal", "Eagle", "Evergreen", "First", "Frontier", "Golden", "Granite",
  "Great", "Green", "Heritage", "Highland", "Horizon", "Integrated", "Iron", "Keystone", "Liberty", "Lone",
  "Majestic", "Meridian", "Metro", "Midwest", "Modern", "National", "Noble", "North", "Northern", "Oak",
  "Pacific", "Paramount", "Patriot", "Pioneer", "Precision", "Premier", "Prime", "Quantum", "Red", "Regal",
  "Reliable", "Royal", "Sapphire", "Scarlet", "Silver", "Southern", "Sterling", "Strategic", "Superior", "Swift",
  "Titan", "Trinity", "True", "United", "Valley", "Vanguard", "Vertex", "Victory", "Vista", "Western",
  "International", "Mountain", "Universal", "Alpine", "Amber", "Anchor", "Arrow", "Aspen", "Beacon", "Birch",
  "Bluebird", "Boulder", "Canyon", "Cascade", "Cedar", "Chestnut", "Cobalt", "Compass", "Cornerstone", "Cypress",
  "Delta", "Emerald", "Falcon", "Foxglove", "Gateway", "Harbor", "Hawthorne", "Ironwood", "Juniper", "Kestrel",
  "Lakeshore", "Magnolia", "Maple", "Maverick", "Millstone", "Mosaic", "Nimbus", "Northstar", "Orchard", "Osprey",
  "Pinnacle", "Prairie", "Redwood", "Sequoia", "Sierra", "Skyline", "Spruce", "Summit Ridge", "Tamarack", "Timber",
  "Tidewater", "Topaz", "Tristar", "Unity", "Willow", "Zenith",
] as const;

export const NOUNS = [
  "Accounting", "Advisors", "Analytics", "Architecture", "Auto Body", "Bakery", "Builders", "Capital", "Care",
  "Chiropractic", "Clinic", "Construction", "Consulting", "Dental", "Design", "Dynamics", "Electric",
  "Engineering", "Equipment", "Fabrication", "Family Practice", "Farms", "Financial", "Fitness", "Foods",
  "Freight", "Furniture", "Glass", "Health", "Heating & Air", "Holdings", "Home Care", "Imaging",
  "Insurance", "Interiors", "Labs", "Landscaping", "Law Group", "Logistics", "Machining", "Management",
  "Manufacturing", "Marine", "Media", "Medical", "Metals", "Motors", "Optical", "Orthodontics", "Outfitters",
  "Packaging", "Partners", "Pediatrics", "Pharmacy", "Plastics", "Plumbing", "Printing", "Properties",
  "Realty", "Roofing", "Solutions", "Staffing", "Supply", "Surveying", "Systems", "Technologies", "Title",
  "Tooling", "Transport", "Veterinary", "Wealth", "Wellness", "Services", "Associates", "Group",
  "Medical Center", "Brothers", "Management Group", "Veterinary Services",
] as const;

export const SURNAMES = [
  "Abbott", "Anderson", "Baker", "Barnes", "Bennett", "Brooks", "Campbell", "Carter", "Chen", "Coleman",
  "Collins", "Cooper", "Davis", "Diaz", "Edwards", "Ellis", "Fischer", "Foster", "Garcia", "Graham",
  "Griffin", "Hayes", "Henderson", "Hughes", "Jensen", "Kaufman", "Keller", "Kim", "Lambert", "Larson",
  "Lopez", "Marshall", "Martin", "Meyer", "Mitchell", "Morgan", "Murphy", "Nguyen", "Novak", "Olsen",
  "Owens", "Patel", "Perry", "Porter", "Powell", "Reed", "Reyes", "Richter", "Russo", "Schmidt",
  "Shaw", "Simmons", "Stewart", "Sullivan", "Thompson", "Tran", "Turner", "Vogel", "Wagner", "Walker",
  "Warren", "Watson", "Weber", "Whitaker", "Wolfe", "Young", "Zimmerman", "Aldridge", "Alvarez", "Ashworth",
  "Bachmann", "Barrett", "Beaumont", "Blackwell", "Bradford", "Brennan", "Calloway", "Castillo", "Chandler", "Crawford",
  "Dalton", "Delgado", "Donovan", "Dunbar", "Eastwood", "Fairbanks", "Farrell", "Fitzgerald", "Fleming", "Gallagher",
  "Garrison", "Gillespie", "Goldberg", "Hale", "Halvorsen", "Hammond", "Harrington", "Hastings", "Holloway", "Hoffman",
  "Iverson", "Jacobs", "Jarvis", "Kendall", "Kincaid", "Kowalski", "Lachance", "Langley", "Lindgren", "Lowell",
  "Maddox", "Mahoney", "Marchetti", "McAllister", "Mendoza", "Merritt", "Montgomery", "Nakamura", "Navarro", "Norwood",
  "Okafor", "Oliveira", "Pemberton", "Petrov", "Prescott", "Quintero", "Radcliffe", "Ramsey", "Rasmussen", "Rinaldi",
  "Rutherford", "Salazar", "Sandoval", "Schneider", "Sorensen", "Stanton", "Sterling", "Strickland", "Sutherland",
  "Tanaka", "Thornton", "Underwood", "Valdez", "Vance", "Vasquez", "Wakefield", "Whitfield", "Winslow", "Yamamoto",
  "Yates", "Zamora",
] as const;

export const PLACES = [
  "Ashford", "Bayside", "Brookfield", "Cedar Creek", "Clearwater", "Fairview", "Fox River", "Glenwood",
  "Greenville", "Hillcrest", "Lakeside", "Maple Grove", "Millbrook", "Oak Ridge", "Pine Hill", "Red Rock",
  "Ridgeview", "Riverbend", "Rockport", "Sandpoint", "Shady Grove", "Silver Lake", "Springfield", "Stonebridge",
  "Sunnyvale", "Twin Oaks", "Westfield", "Willow Creek", "Windermere", "Woodland", "Arden", "Bellmont", "Carver",
  "Deer Park", "Elm Grove", "Fern Hollow", "Granby", "Hazelton", "Kingsbury", "Lockport", "Marlow Heights", "Newcastle",
  "Oakmont", "Port Haven", "Quarry Hill", "Rosedale", "Seabrook", "Thornbury", "Upton", "Valley Forge",
] as const;

/**
 * Legal suffixes with how often each one is picked (weights). Empty means no suffix. Mostly US
 * forms, as an American MSP's customers have them, written as people write them: with and
 * without dots ("L.L.C.", "P.C."), spelled out ("Incorporated", "Limited"), and the European
 * forms of subsidiaries and clients abroad ("AG", "S.A.", "G.m.b.H.", "B.V.", "S.r.l.").
 */
export const LEGAL_SUFFIXES: readonly (readonly [string, number])[] = [
  ["", 30], ["Inc", 12], ["Inc.", 8], ["LLC", 18], ["L.L.C.", 3], ["Ltd", 4], ["Ltd.", 2], ["Limited", 1],
  ["Corp", 4], ["Corp.", 2], ["Corporation", 3], ["Incorporated", 1], ["GmbH", 2], ["G.m.b.H.", 0.3],
  ["LLP", 3], ["L.L.P.", 1], ["PLLC", 2], ["P.L.L.C.", 0.5], ["Co.", 2], ["Company", 1], ["PC", 2], ["P.C.", 1],
  ["P.A.", 1], ["PLC", 1], ["L.P.", 0.5], ["AG", 1], ["SA", 0.5], ["S.A.", 1], ["B.V.", 0.5], ["N.V.", 0.3],
  ["S.r.l.", 0.3], ["S.p.A.", 0.3], ["S.L.", 0.3], ["S.A.S.", 0.3], ["Pty Ltd", 0.5], ["Oy", 0.2], ["AB", 0.2],
];

/**
 * Spellings of one legal form: a technician who types "Acme L.L.P." for "Acme LLP" wrote the
 * same form. The first spelling of a group is its usual one.
 */
export const LEGAL_SPELLINGS: readonly (readonly string[])[] = [
  ["Inc.", "Inc", "Incorporated", "INC"], ["LLC", "L.L.C.", "llc"], ["LLP", "L.L.P."], ["Ltd", "Ltd.", "Limited"],
  ["Corp.", "Corp", "Corporation"], ["Co.", "Co", "Company"], ["GmbH", "G.m.b.H."], ["PLLC", "P.L.L.C."], ["PC", "P.C."],
  ["P.A.", "PA"], ["PLC", "plc"], ["LP", "L.P."], ["AG", "A.G."], ["SA", "S.A."], ["BV", "B.V."], ["NV", "N.V."],
  ["Srl", "S.r.l.", "SRL"], ["SpA", "S.p.A."], ["SL", "S.L."], ["SAS", "S.A.S."], ["Pty Ltd", "Pty. Ltd."], ["Oy"], ["AB"],
];

/** Suffix words a matcher would strip (dotted forms with their dots removed); keeps generated names distinct. */
export const LEGAL_SUFFIX_WORDS = new Set([
  "inc", "llc", "ltd", "corp", "corporation", "gmbh", "llp", "pllc", "co", "pc", "plc", "company", "limited",
  "incorporated", "pa", "lp", "ag", "sa", "bv", "nv", "srl", "spa", "sl", "sas", "pty", "oy", "ab",
]);

export const CITIES = [
  ["New York, NY", "America/New_York"], ["Chicago, IL", "America/Chicago"], ["Denver, CO", "America/Denver"],
  ["Phoenix, AZ", "America/Phoenix"], ["Seattle, WA", "America/Los_Angeles"], ["Austin, TX", "America/Chicago"],
  ["Atlanta, GA", "America/New_York"], ["Boston, MA", "America/New_York"], ["Portland, OR", "America/Los_Angeles"],
  ["Nashville, TN", "America/Chicago"], ["London, UK", "Europe/London"], ["Zurich, CH", "Europe/Zurich"],
  ["Toronto, ON", "America/Toronto"], ["Miami, FL", "America/New_York"], ["Columbus, OH", "America/New_York"],
] as const;

export const ISPS = [
  ["Verizon Fios", "Verizon Business", "701"], ["Comcast", "Comcast Cable Communications, LLC", "7922"],
  ["AT&T", "AT&T Services, Inc.", "7018"], ["Spectrum", "Charter Communications Inc", "20115"],
  ["Cox", "Cox Communications Inc.", "22773"], ["Lumen", "Lumen Technologies", "209"],
  ["BT", "British Telecommunications PLC", "2856"], ["Frontier", "Frontier Communications", "5650"],
] as const;

/** NinjaOne location names any customer may have. */
export const LOCATION_NAMES = [
  "Main Office", "HQ", "Warehouse", "Branch Office", "Remote Workers", "Shop Floor", "Front Office",
  "Annex", "Data Closet", "Satellite Office",
] as const;

/** A name of the medical trades (a practice, a clinic, a pharmacy): they have clinics and labs. */
export const MEDICAL_NAME = /dental|medical|health|care|clinic|pediatric|orthodont|chiropractic|veterinary|family practice|imaging|wellness|pharmacy/i;

/** Location names only the medical trades have (a logistics firm has no clinic). */
export const MEDICAL_LOCATION_NAMES = ["Clinic", "Lab"] as const;

export const STREETS = ["Main St", "Broadway", "Oak Ave", "Market St", "Elm St", "Park Blvd", "Industrial Pkwy"] as const;

export const FIRST_NAMES = [
  "alex", "ana", "ben", "chris", "dana", "eli", "fatima", "grace", "hiro", "ivan", "jo", "kim", "lee", "maria",
  "nora", "omar", "priya", "quinn", "raj", "sam", "tess", "uma", "vic", "will", "yara", "zoe",
] as const;

/**
 * How MSP technicians shorten words when they type a customer's name into a console or a site
 * (seen in real PSA/RMM exports: "Intl", "Svcs", "Mgmt", "Mfg", "HVAC"...). Some of these no
 * matcher can undo ("HVAC", "Rx"); they are here because people write them, not to be matched.
 */
export const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  International: ["Intl", "Int'l"], Services: ["Svcs", "Svc", "Srvcs"], Management: ["Mgmt", "Mgt"],
  Manufacturing: ["Mfg"], Associates: ["Assoc", "Assocs"], Brothers: ["Bros"], Technologies: ["Tech"],
  Systems: ["Sys"], Engineering: ["Eng", "Engr"], Construction: ["Const", "Constr"], Properties: ["Props"],
  Financial: ["Fin"], Medical: ["Med"], Center: ["Ctr"], Group: ["Grp"], Accounting: ["Acctg"],
  Insurance: ["Ins"], Transport: ["Trans"], Dental: ["Dntl"], "Heating & Air": ["HVAC"], Veterinary: ["Vet"],
  Pediatrics: ["Peds"], Orthodontics: ["Ortho"], Chiropractic: ["Chiro"], Landscaping: ["Lndscp"],
  Equipment: ["Equip"], Partners: ["Ptnrs"], Architecture: ["Arch"], Pharmacy: ["Rx"], Holdings: ["Hldgs"],
  Plumbing: ["Plmbg"], Fabrication: ["Fab"], Mountain: ["Mtn"], Universal: ["Univ"], Family: ["Fam"],
};

/** Qualifiers MSPs append to a customer name to tell its sites apart, whatever its trade. */
export const SITE_QUALIFIERS = [
  "HQ", "- HQ", "- Main Office", "Main Office", "Warehouse", "- Warehouse", "- Branch", "Branch Office", "(Main)",
  "Annex", "- Site 2", "2", "- Front Office", "Office", "- Guest WiFi", "- Upstairs", "- Building B",
] as const;

/**
 * Qualifiers that only some trades have: a dental practice has a lab and a clinic, a machine
 * shop a shop floor, a retailer stores. Keyed by words of the customer's name.
 */
export const TRADE_QUALIFIERS: readonly (readonly [RegExp, readonly string[]])[] = [
  [MEDICAL_NAME, ["- Clinic", "Clinic", "- Lab", "- Pharmacy", "- Urgent Care"]],
  [/auto body|machining|fabrication|metals|tooling|plumbing|electric|roofing|printing|motors|marine|glass|plastics|manufacturing/i,
    ["- Shop", "Shop", "- Shop Floor", "- Yard", "- Plant 2"]],
  [/outfitters|bakery|foods|furniture|optical|supply|pharmacy/i, ["- Store", "Store 2", "- Outlet", "- Showroom"]],
];

/** Words a decoy customer adds to another customer's name ("Acme Corp" → "Acme Corporate Travel"). */
export const DECOY_WORDS = [
  "Travel", "Supply", "Realty", "Foundation", "Consulting", "Holdings", "Rentals", "Academy", "Logistics", "Labs",
  "Home Care", "Corporate Travel", "Outfitters", "Print Shop", "Auto Parts",
  // Trade words: another business of the same family ("Acme Corp" / "Acme Clinic S.A.").
  "Clinic", "Lab", "Dental Lab", "Studio", "Salon", "Bakery", "Pharmacy", "Body Shop", "Garage", "Café", "Urgent Care",
] as const;

/** Arms of a business named after it in full ("Keller Dental" → "Keller Dental Holdings"). */
export const DECOY_EXTENSIONS = ["Holdings", "Foundation", "Supply", "Realty", "Rentals", "Academy", "Consulting", "Management"] as const;

/** Legal forms a decoy's name gets, when it gets one. */
export const DECOY_SUFFIXES = ["Inc", "LLC", "Ltd", "L.L.C.", "S.A.", "Co.", "GmbH", "P.A."] as const;

/** The MSP's own name, for its internal controllers, lab consoles and bench sites. */
export const MSP_NAME = "OberaConnect";

/** Sites and consoles of the MSP itself, which belong to no customer. */
export const MSP_INTERNAL_SITES = [
  `${MSP_NAME} Lab`, "NOC Bench", "Staging", "Test - do not use", "Demo Kit", "Spare UDM", "RMA Returns",
  `${MSP_NAME} Office`, "Training Room", "Old Controller Migration",
] as const;
