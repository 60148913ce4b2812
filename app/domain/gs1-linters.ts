// GS1's component checks ("linters" in the Barcode Syntax Dictionary), reimplemented from GS1's
// reference linters so a value is judged exactly as GS1 judges it, with a message a person can act on.
import { ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPES } from "./gs1-code-lists";

export interface LintError {
  /** GS1's linter result name without the GS1_LINTER_ prefix, e.g. "ILLEGAL_MONTH". */
  code: string;
  /** Where the offending characters start within the checked component, and how many there are. */
  at: number;
  length: number;
  /** What is wrong, to follow "AI (17) ", e.g. "must be a date YYMMDD; 13 is not a month". */
  message: string;
}

export type Linter = (data: string) => LintError | null;

const fail = (code: string, at: number, length: number, message: string): LintError => ({ code, at, length, message });

const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9";
const nonDigitAt = (data: string) => [...data].findIndex((char) => !isDigit(char));

/** GS1 "CSET 82", the character set of most alphanumeric AIs such as (10) and (21). */
export const CSET82_CHARACTERS = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const CSET39_CHARACTERS = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const CSET64_CHARACTERS = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/** Names a character for a message: printable ones in quotes, others by code point. */
export function describeCharacter(char: string): string {
  if (char === " ") return "a space";
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f)
    return `a control character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  return `"${char}"`;
}

function charsetLinter(allowed: string, code: string, rule: string): Linter {
  return (data) => {
    const at = [...data].findIndex((char) => !allowed.includes(char));
    if (at === -1) return null;
    return fail(code, at, 1, `cannot contain ${describeCharacter(data[at])} (character ${at + 1}); ${rule}`);
  };
}

export const lintNumeric: Linter = (data) => {
  const at = nonDigitAt(data);
  if (at === -1) return null;
  return fail("NON_DIGIT_CHARACTER", at, 1, `must be digits only; ${describeCharacter(data[at])} is not a digit`);
};

export const lintCset82 = charsetLinter(
  CSET82_CHARACTERS,
  "INVALID_CSET82_CHARACTER",
  `GS1 allows letters, digits and !"%&'()*+,-./:;<=>?_ only`,
);

export const lintCset39 = charsetLinter(
  CSET39_CHARACTERS,
  "INVALID_CSET39_CHARACTER",
  "GS1 allows upper-case letters, digits and #-/ only",
);

export const lintCset64: Linter = (data) => {
  const pads = data.length - data.replace(/=+$/, "").length;
  if (pads > 2 || (pads > 0 && data.length % 3 !== 0)) {
    return fail("INVALID_CSET64_PADDING", data.length - pads, pads, `has misplaced "=" padding`);
  }
  return charsetLinter(
    CSET64_CHARACTERS,
    "INVALID_CSET64_CHARACTER",
    "GS1 allows letters, digits, - and _ only",
  )(data.slice(0, data.length - pads));
};

/** The GS1 mod-10 check digit for the digits before it (GTIN, SSCC, GLN…). */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  let weight = digitsWithoutCheck.length % 2 === 0 ? 1 : 3;
  for (const char of digitsWithoutCheck) {
    sum += weight * Number(char);
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

export const lintCsum: Linter = (data) => {
  if (data.length === 0) return fail("TOO_SHORT_FOR_CHECK_DIGIT", 0, 0, "is too short to carry a check digit");
  const nonDigit = lintNumeric(data);
  if (nonDigit) return nonDigit;
  const expected = gs1CheckDigit(data.slice(0, -1));
  const actual = data.at(-1);
  if (String(expected) === actual) return null;
  return fail("INCORRECT_CHECK_DIGIT", data.length - 1, 1, `check digit should be ${expected}, not ${actual}`);
};

const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109,
  113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239,
  241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379,
  383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];
const CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** GS1's alphanumeric check-character pair (e.g. AI (8013) GMN). */
export const lintCsumAlpha: Linter = (data) => {
  if (data.length > PRIMES.length + 2) {
    return fail("TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION", 0, data.length, "is too long to verify its check characters");
  }
  if (data.length < 2) return fail("TOO_SHORT_FOR_CHECK_PAIR", 0, data.length, "is too short for two check characters");
  let sum = 0;
  const body = data.slice(0, -2);
  for (let pos = 0; pos < body.length; pos += 1) {
    const weight = CSET82_CHARACTERS.indexOf(body[pos]);
    if (weight === -1) return lintCset82(body);
    sum += weight * PRIMES[body.length - 1 - pos];
  }
  sum %= 1021;
  const expected = CSET32[sum >> 5] + CSET32[sum & 31];
  const actual = data.slice(-2);
  if (expected === actual) return null;
  return fail("INCORRECT_CHECK_PAIR", data.length - 2, 2, `check characters should be "${expected}", not "${actual}"`);
};

// The shortest GS1 Company Prefix has four digits; Lotline has no GCP directory to check more.
const GCP_MIN_LENGTH = 4;

export const lintGcpPos1: Linter = (data) => {
  if (data.length < GCP_MIN_LENGTH) {
    return fail("TOO_SHORT_FOR_GCP", 0, data.length, "is too short to start with a GS1 Company Prefix");
  }
  const at = nonDigitAt(data.slice(0, GCP_MIN_LENGTH));
  if (at === -1) return null;
  return fail(
    "INVALID_GCP_PREFIX",
    at,
    1,
    `must start with a GS1 Company Prefix; ${describeCharacter(data[at])} (character ${at + 1}) is not a digit`,
  );
};

export const lintGcpPos2: Linter = (data) => {
  if (data.length < 2) return fail("TOO_SHORT_FOR_GCP", 0, data.length, "is too short to hold a GS1 Company Prefix");
  const error = lintGcpPos1(data.slice(1));
  if (!error) return null;
  const at = error.at + 1;
  const message =
    error.code === "INVALID_GCP_PREFIX"
      ? `must hold a GS1 Company Prefix after its first digit; ${describeCharacter(data[at])} (character ${at + 1}) is not a digit`
      : error.message;
  return { ...error, at, message };
};

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The GS1 century rule for two-digit years: the year lies within −49…+50 years of `currentYear`
 * (GS1 General Specifications, 7.12).
 */
export function fullYear(yy: number, currentYear: number = new Date().getUTCFullYear()): number {
  const century = Math.floor(currentYear / 100) * 100;
  const difference = yy - (currentYear % 100);
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

function dateLinter(yearDigits: 2 | 4, allowDayZero: boolean): Linter {
  const length = yearDigits + 4;
  const format = yearDigits === 2 ? "YYMMDD" : "YYYYMMDD";
  const what = `must be a date ${format}`;
  return (data) => {
    if (data.length !== length) {
      return fail(data.length < length ? "DATE_TOO_SHORT" : "DATE_TOO_LONG", 0, data.length, what);
    }
    const at = nonDigitAt(data);
    if (at !== -1) return fail("NON_DIGIT_CHARACTER", at, 1, `${what}; ${describeCharacter(data[at])} is not a digit`);
    const yearText = data.slice(0, yearDigits);
    const year = yearDigits === 2 ? fullYear(Number(yearText)) : Number(yearText);
    const month = Number(data.slice(yearDigits, yearDigits + 2));
    const day = Number(data.slice(yearDigits + 2));
    if (month < 1 || month > 12) {
      return fail("ILLEGAL_MONTH", yearDigits, 2, `${what}; ${data.slice(yearDigits, yearDigits + 2)} is not a month`);
    }
    if (day === 0 && !allowDayZero) {
      return fail("ILLEGAL_DAY", yearDigits + 2, 2, `${what}; day 00 is not allowed here`);
    }
    if (day > daysInMonth(year, month)) {
      return fail(
        "ILLEGAL_DAY",
        yearDigits + 2,
        2,
        `${what}; ${data.slice(yearDigits + 2)} is not a day in ${MONTHS[month - 1]} ${year}`,
      );
    }
    return null;
  };
}

export const lintYymmd0 = dateLinter(2, true);
export const lintYymmdd = dateLinter(2, false);
export const lintYyyymmd0 = dateLinter(4, true);
export const lintYyyymmdd = dateLinter(4, false);

function twoDigitLinter(unit: "HOUR" | "MINUTE" | "SECOND", max: number): Linter {
  const name = unit.toLowerCase();
  return (data) => {
    if (data.length !== 2) {
      return fail(
        `${unit}_${data.length < 2 ? "TOO_SHORT" : "TOO_LONG"}`,
        0,
        data.length,
        `must be two digits for the ${name}`,
      );
    }
    const at = nonDigitAt(data);
    if (at !== -1) return fail("NON_DIGIT_CHARACTER", at, 1, `${describeCharacter(data[at])} is not a digit`);
    if (Number(data) > max) return fail(`ILLEGAL_${unit}`, 0, 2, `${data} is not a valid ${name}`);
    return null;
  };
}

export const lintHh = twoDigitLinter("HOUR", 23);
export const lintMi = twoDigitLinter("MINUTE", 59);
export const lintSs = twoDigitLinter("SECOND", 59);

export const lintHhmi: Linter = (data) => {
  if (data.length !== 4) {
    const code = data.length < 4 ? "HOUR_WITH_MINUTE_TOO_SHORT" : "HOUR_WITH_MINUTE_TOO_LONG";
    return fail(code, 0, data.length, "must be a time HHMM");
  }
  const hour = lintHh(data.slice(0, 2));
  if (hour) return { ...hour, message: `must be a time HHMM; ${hour.message}` };
  const minute = lintMi(data.slice(2));
  if (minute) return { ...minute, at: minute.at + 2, message: `must be a time HHMM; ${minute.message}` };
  return null;
};

export const lintNonZero: Linter = (data) =>
  lintNumeric(data) ?? (/^0*$/.test(data) ? fail("ILLEGAL_ZERO_VALUE", 0, data.length, "must not be zero") : null);

export const lintZero: Linter = (data) =>
  data.length > 0 && /^0+$/.test(data) ? null : fail("NOT_ZERO", 0, data.length, "must be 0 here");

export const lintNoZeroPrefix: Linter = (data) =>
  data.startsWith("0") ? fail("ILLEGAL_ZERO_PREFIX", 0, 1, "must not start with 0") : lintNumeric(data);

function oneOf(values: string, code: string, message: string): Linter {
  return (data) => (data.length === 1 && values.includes(data) ? null : fail(code, 0, data.length, message));
}

export const lintYesNo = oneOf("01", "NOT_ZERO_OR_ONE", "must be 0 or 1");
export const lintWinding = oneOf("019", "INVALID_WINDING_DIRECTION", "winding direction must be 0, 1 or 9");
export const lintIso5218 = oneOf("0129", "INVALID_BIOLOGICAL_SEX_CODE", "must be 0, 1, 2 or 9 (ISO 5218)");

export const lintHyphen: Linter = (data) =>
  data.length > 0 && /^-+$/.test(data) ? null : fail("NOT_HYPHEN", 0, data.length, `must be "-" here`);

export const lintHasNonDigit: Linter = (data) =>
  nonDigitAt(data) === -1 ? fail("REQUIRES_NON_DIGIT_CHARACTER", 0, data.length, "must contain a non-digit") : null;

export const lintPieceOfTotal: Linter = (data) => {
  const nonDigit = lintNumeric(data);
  if (nonDigit) return nonDigit;
  if (data.length === 0 || data.length % 2 !== 0) {
    return fail(
      "INVALID_LENGTH_FOR_PIECE_OF_TOTAL",
      0,
      data.length,
      "must be a piece number and a total of equal length",
    );
  }
  const half = data.length / 2;
  const piece = data.slice(0, half);
  const total = data.slice(half);
  if (Number(piece) === 0) return fail("ZERO_PIECE_NUMBER", 0, half, "piece number must not be 0");
  if (Number(total) === 0) return fail("ZERO_TOTAL_PIECES", half, half, "total number of pieces must not be 0");
  if (piece > total)
    return fail("PIECE_NUMBER_EXCEEDS_TOTAL", 0, data.length, `piece ${piece} is beyond the total ${total}`);
  return null;
};

export const lintPosInSeqSlash: Linter = (data) => {
  const match = /^(\d+)\/(\d+)$/.exec(data);
  if (!match) return fail("POSITION_IN_SEQUENCE_MALFORMED", 0, data.length, "must be a position and a total like 1/3");
  const [, position, end] = match;
  if (position.startsWith("0"))
    return fail("ILLEGAL_ZERO_PREFIX", 0, position.length, "position must not start with 0");
  if (end.startsWith("0")) {
    return fail("ILLEGAL_ZERO_PREFIX", position.length + 1, end.length, "total must not start with 0");
  }
  if (position.length > end.length || (position.length === end.length && position > end)) {
    return fail("POSITION_EXCEEDS_END", 0, data.length, `position ${position} is beyond the total ${end}`);
  }
  return null;
};

export const lintPcenc: Linter = (data) => {
  for (let pos = 0; pos < data.length; pos += 1) {
    if (data[pos] !== "%") continue;
    if (pos + 2 >= data.length || !/^[0-9A-Fa-f]{2}$/.test(data.slice(pos + 1, pos + 3))) {
      const length = Math.min(3, data.length - pos);
      return fail("INVALID_PERCENT_SEQUENCE", pos, length, `has a bad percent sequence "${data.slice(pos, pos + 3)}"`);
    }
    pos += 2;
  }
  return null;
};

function coordinateLinter(name: "LATITUDE" | "LONGITUDE", max: number): Linter {
  return (data) => {
    if (data.length !== 10)
      return fail(`${name}_INVALID_LENGTH`, 0, data.length, `${name.toLowerCase()} must be 10 digits`);
    const nonDigit = lintNumeric(data);
    if (nonDigit) return nonDigit;
    return Number(data) > max ? fail(`INVALID_${name}`, 0, 10, `${data} is not a valid ${name.toLowerCase()}`) : null;
  };
}

export const lintLatitude = coordinateLinter("LATITUDE", 1_800_000_000);
export const lintLongitude = coordinateLinter("LONGITUDE", 3_600_000_000);

function listLinter(codes: ReadonlySet<string>, code: string, what: string): Linter {
  return (data) => (codes.has(data) ? null : fail(code, 0, data.length, `${data} is not ${what}`));
}

export const lintIso3166 = listLinter(ISO3166_NUMERIC, "NOT_ISO3166", "an ISO 3166 country code");
export const lintIso3166Alpha2 = listLinter(ISO3166_ALPHA2, "NOT_ISO3166_ALPHA2", "an ISO 3166 alpha-2 country code");
export const lintIso4217 = listLinter(ISO4217_NUMERIC, "NOT_ISO4217", "an ISO 4217 currency code");
export const lintPackageType = listLinter(PACKAGE_TYPES, "INVALID_PACKAGE_TYPE", "a GS1 package type code");

export const lintIso3166999: Linter = (data) =>
  data === "999" || ISO3166_NUMERIC.has(data)
    ? null
    : fail("NOT_ISO3166_OR_999", 0, data.length, `${data} is not an ISO 3166 country code or 999`);

export const lintMediaType: Linter = (data) => {
  const value = /^\d\d$/.test(data) ? Number(data) : -1;
  const valid = (value >= 1 && value <= 10) || (value >= 80 && value <= 99);
  return valid ? null : fail("INVALID_MEDIA_TYPE", 0, data.length, `${data} is not an AIDC media type`);
};

export const lintImporterIdx: Linter = (data) => {
  if (data.length !== 1) return fail("IMPORTER_IDX_MUST_BE_ONE_CHARACTER", 0, data.length, "must be one character");
  return CSET64_CHARACTERS.includes(data)
    ? null
    : fail("INVALID_IMPORT_IDX_CHARACTER", 0, 1, `${describeCharacter(data)} is not a valid importer index`);
};

export const lintIban: Linter = (data) => {
  if (data.length < 4) return fail("IBAN_TOO_SHORT", 0, data.length, "is too short for an IBAN");
  if (!ISO3166_ALPHA2.has(data.slice(0, 2))) {
    return fail("ILLEGAL_IBAN_COUNTRY_CODE", 0, 2, `${data.slice(0, 2)} is not an IBAN country code`);
  }
  if (data.length > 34) return fail("IBAN_TOO_LONG", 0, data.length, "is too long for an IBAN");
  if (data.length <= 10) return fail("IBAN_TOO_SHORT", 0, data.length, "is too short for an IBAN");
  const rearranged = data.slice(4) + data.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i += 1) {
    const char = rearranged[i];
    const value = /[0-9]/.test(char) ? Number(char) : /[A-Z]/.test(char) ? char.charCodeAt(0) - 55 : -1;
    if (value === -1) {
      const at = (i + 4) % data.length;
      return fail("INVALID_IBAN_CHARACTER", at, 1, `${describeCharacter(char)} cannot appear in an IBAN`);
    }
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder === 1 ? null : fail("INCORRECT_IBAN_CHECKSUM", 2, 2, "IBAN check digits are wrong");
};

/**
 * Linters by the dictionary's names. The US coupon linters (couponcode, couponposoffer, for AIs
 * 8110 and 8112) are deliberately absent: Lotline never reads coupons, so those values get only
 * their length and character-set checks.
 */
export const LINTERS: Readonly<Record<string, Linter>> = {
  csum: lintCsum,
  csumalpha: lintCsumAlpha,
  gcppos1: lintGcpPos1,
  gcppos2: lintGcpPos2,
  yymmd0: lintYymmd0,
  yymmdd: lintYymmdd,
  yyyymmd0: lintYyyymmd0,
  yyyymmdd: lintYyyymmdd,
  hh: lintHh,
  mi: lintMi,
  ss: lintSs,
  hhmi: lintHhmi,
  nonzero: lintNonZero,
  zero: lintZero,
  nozeroprefix: lintNoZeroPrefix,
  yesno: lintYesNo,
  winding: lintWinding,
  iso5218: lintIso5218,
  hyphen: lintHyphen,
  hasnondigit: lintHasNonDigit,
  pieceoftotal: lintPieceOfTotal,
  posinseqslash: lintPosInSeqSlash,
  pcenc: lintPcenc,
  latitude: lintLatitude,
  longitude: lintLongitude,
  iso3166: lintIso3166,
  iso3166999: lintIso3166999,
  iso3166alpha2: lintIso3166Alpha2,
  iso4217: lintIso4217,
  packagetype: lintPackageType,
  mediatype: lintMediaType,
  importeridx: lintImporterIdx,
  iban: lintIban,
};

export const CSET_LINTERS: Readonly<Record<"N" | "X" | "Y" | "Z", Linter>> = {
  N: lintNumeric,
  X: lintCset82,
  Y: lintCset39,
  Z: lintCset64,
};
