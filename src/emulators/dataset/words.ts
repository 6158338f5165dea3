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
  "Tooling", "Transport", "Veterinary", "Wealth", "Wellness",
] as const;

export const SURNAMES = [
  "Abbott", "Anderson", "Baker", "Barnes", "Bennett", "Brooks", "Campbell", "Carter", "Chen", "Coleman",
  "Collins", "Cooper", "Davis", "Diaz", "Edwards", "Ellis", "Fischer", "Foster", "Garcia", "Graham",
  "Griffin", "Hayes", "Henderson", "Hughes", "Jensen", "Kaufman", "Keller", "Kim", "Lambert", "Larson",
  "Lopez", "Marshall", "Martin", "Meyer", "Mitchell", "Morgan", "Murphy", "Nguyen", "Novak", "Olsen",
  "Owens", "Patel", "Perry", "Porter", "Powell", "Reed", "Reyes", "Richter", "Russo", "Schmidt",
  "Shaw", "Simmons", "Stewart", "Sullivan", "Thompson", "Tran", "Turner", "Vogel", "Wagner", "Walker",
  "Warren", "Watson", "Weber", "Whitaker", "Wolfe", "Young", "Zimmerman",
] as const;

export const PLACES = [
  "Ashford", "Bayside", "Brookfield", "Cedar Creek", "Clearwater", "Fairview", "Fox River", "Glenwood",
  "Greenville", "Hillcrest", "Lakeside", "Maple Grove", "Millbrook", "Oak Ridge", "Pine Hill", "Red Rock",
  "Ridgeview", "Riverbend", "Rockport", "Sandpoint", "Shady Grove", "Silver Lake", "Springfield", "Stonebridge",
  "Sunnyvale", "Twin Oaks", "Westfield", "Willow Creek", "Windermere", "Woodland",
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
