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

/** Legal suffixes with how often each one is picked (weights). Empty means no suffix. */
export const LEGAL_SUFFIXES: readonly (readonly [string, number])[] = [
  ["", 30], ["Inc", 12], ["Inc.", 8], ["LLC", 20], ["Ltd", 4], ["Ltd.", 2], ["Corp", 4], ["Corp.", 2],
  ["Corporation", 3], ["GmbH", 2], ["LLP", 3], ["PLLC", 2], ["Co.", 2], ["PC", 2], ["PLC", 1],
];

/** Suffix words a matcher would strip; used to keep generated names distinct after normalising. */
export const LEGAL_SUFFIX_WORDS = new Set([
  "inc", "llc", "ltd", "corp", "corporation", "gmbh", "llp", "pllc", "co", "pc", "plc", "company", "limited",
  "incorporated",
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

export const LOCATION_NAMES = [
  "Main Office", "HQ", "Warehouse", "Branch Office", "Clinic", "Remote Workers", "Shop Floor", "Front Office",
  "Annex", "Lab", "Data Closet", "Satellite Office",
] as const;

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

/** Qualifiers MSPs append to a customer name to tell its sites apart. */
export const SITE_QUALIFIERS = [
  "HQ", "- HQ", "- Main Office", "Main Office", "Warehouse", "- Warehouse", "- Branch", "Branch Office", "(Main)",
  "- Shop", "Annex", "- Site 2", "2", "- Front Office", "Office", "- Guest WiFi", "- Clinic", "- Lab",
] as const;

/** Words a decoy customer adds to another customer's name ("Acme Corp" → "Acme Corporate Travel"). */
export const DECOY_WORDS = [
  "Travel", "Supply", "Realty", "Foundation", "Consulting", "Holdings", "Rentals", "Academy", "Logistics", "Labs",
  "Home Care", "Corporate Travel", "Outfitters", "Print Shop", "Auto Parts",
] as const;

/** The MSP's own name, for its internal controllers, lab consoles and bench sites. */
export const MSP_NAME = "OberaConnect";

/** Sites and consoles of the MSP itself, which belong to no customer. */
export const MSP_INTERNAL_SITES = [
  `${MSP_NAME} Lab`, "NOC Bench", "Staging", "Test - do not use", "Demo Kit", "Spare UDM", "RMA Returns",
  `${MSP_NAME} Office`, "Training Room", "Old Controller Migration",
] as const;
