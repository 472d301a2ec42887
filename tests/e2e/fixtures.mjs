// What the fixture pages in tests/e2e/pages/ must look like in the reader: shared by the
// Chromium extension test, the Firefox test and the package tests.

// The seed story (../shared/seeds/inkl-article-as-delivered.txt) as aggregator.html holds it:
// what must survive, and the aggregator's promo lines that must not.
export const SEED_TITLE = 'Russia says relations with U.S. at an all-time low';
export const SEED_PARAGRAPHS = [
  'Russia said on Friday that relations with the United States were at an all-time low',
  'Bilateral relations are probably at their lowest point historically, unfortunately',
  'There is no hope for improvement in the foreseeable future.',
  'Already poor U.S.-Russia ties became even more strained last year',
  'The United States has also provided Kyiv with substantial economic and military support',
  'While there have been occasional diplomatic successes, including prisoner swaps',
  'U.S.-Russia talks on resuming inspections under the New START nuclear arms limitation treaty',
  'The past two years have been, despite initial timid hopes related to Geneva',
  'The Kremlin has kept open the possibility of further talks',
];
export const SEED_CAPTION = 'FILE PHOTO: U.S. President Joe Biden holds virtual talks';
export const SEED_CREDIT = '(Reporting by Reuters; Writing by Caleb Davis; Editing by Kevin Liffey)';
export const SEED_PROMO = [
  'Get all your news in one place.',
  '100’s of premium titles.',
  'Start reading',
  'Sign up to read this article',
  'Read news from 100’s of titles, curated specifically for you.',
  'Already a member? Sign in here',
  'Related Stories',
  'Top stories on inkl right now',
  'Our Picks',
  'Fourteen days free',
  'Download the app',
  'One app. One membership.',
  '100+ trusted global sources.',
];

// paywalled.html: the text the page delivered (body and JSON-LD), and the Piano modal.
export const PAYWALL_FIRST = 'When the gasworks at Hollins Vale closed in 2004';
export const PAYWALL_LATER = 'kestrels';
export const PAYWALL_MODAL = ['Subscribe to continue reading', 'limit of free articles'];

// code-table.html: a technical post.
export const CODE_SNIPPET = 'new Intl.Segmenter';
export const CODE_SIDEBAR = 'Recent posts';
