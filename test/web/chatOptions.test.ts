// Branding options for the widget: colours keep WCAG AA contrast, titles and locales are cleaned.
import { expect } from 'chai';
import { DEFAULT_LOCALE, parseChatOptions } from '../../web/chat/options.js';
import { MIN_CONTRAST, NHS_BLUE, accessibleAccent, contrastRatio, parseHex } from '../../web/shared/colours.js';

const params = (o: Record<string, string>) => new URLSearchParams(o);
/** the page's own title, which the server gives it from the replies */
const DEFAULT_TITLE = 'The page title';

describe('widget colours', () => {
  const ratios: [string, string, number][] = [
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#005eb8', '#ffffff', 6.38],
    ['#767676', '#ffffff', 4.54],
  ];
  for (const [a, b, want] of ratios) {
    it(`contrast of ${a} on ${b} is ${want}`, () => expect(contrastRatio(a, b)).to.be.closeTo(want, 0.05));
  }

  const accents: [string | undefined, string][] = [
    ['#005EB8', '#005eb8'],
    ['#03f', '#0033ff'],
    [undefined, NHS_BLUE],
    ['red; background: url(x)', NHS_BLUE],
    ['#12345', NHS_BLUE],
  ];
  for (const [input, want] of accents) {
    it(`accent ${JSON.stringify(input)} becomes ${want}`, () => expect(accessibleAccent(input)).to.equal(want));
  }

  for (const light of ['#ffeb3b', '#41b6e6', '#ffffff', '#78be20']) {
    it(`a light brand colour ${light} is darkened to readable, keeping its hue`, () => {
      const out = accessibleAccent(light);
      expect(contrastRatio(out, '#ffffff')).to.be.at.least(MIN_CONTRAST);
      expect(contrastRatio(out, '#ffffff')).to.be.below(MIN_CONTRAST + 0.6);
      const [r, g, b] = parseHex(out)!;
      const [r0, g0, b0] = parseHex(light)!;
      if (r0 > 0 && g0 > 0) expect(r / g).to.be.closeTo(r0 / g0, 0.1);
      expect([r, g, b].every((c, i) => c <= [r0, g0, b0][i]!)).to.equal(true);
    });
  }
});

describe('widget options', () => {
  it('defaults when nothing is given', () => {
    expect(parseChatOptions(params({}), DEFAULT_TITLE)).to.deep.equal({ title: DEFAULT_TITLE, accent: NHS_BLUE, locale: DEFAULT_LOCALE, embed: false });
  });

  it('takes a title, accent, locale and embed flag', () => {
    expect(parseChatOptions(params({ title: 'Sunrise Care support', accent: '#7c2855', locale: 'cy-GB', embed: '1' }), DEFAULT_TITLE)).to.deep.equal({
      title: 'Sunrise Care support',
      accent: '#7c2855',
      locale: 'cy-GB',
      embed: true,
    });
  });

  it('cleans the title: control characters out, spaces folded, at most 60 characters', () => {
    const o = parseChatOptions(params({ title: `  Care\u0000\u0007  home\n${'x'.repeat(100)}` }), DEFAULT_TITLE);
    expect(o.title.startsWith('Care home x')).to.equal(true);
    expect(o.title).to.have.length(60);
    expect(parseChatOptions(params({ title: '   ' }), DEFAULT_TITLE).title).to.equal(DEFAULT_TITLE);
  });

  for (const locale of ['<img>', 'english', 'en_GB', 'e']) {
    it(`refuses locale ${JSON.stringify(locale)}`, () => expect(parseChatOptions(params({ locale }), DEFAULT_TITLE).locale).to.equal(DEFAULT_LOCALE));
  }
});
