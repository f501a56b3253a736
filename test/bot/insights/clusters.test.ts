// Gap clusters: similar wordings together (the search's terms: stems, synonyms, spelling), different topics apart, commonest wording as label.
import { expect } from 'chai';
import { clusterGaps } from '../../../bot/insights/clusters.js';
import type { GapTally } from '../../../bot/insights/tally.js';
import { loadKnowledge } from '../../../knowledge/loader.js';
import { KnowledgeSearch } from '../../../knowledge/search.js';

const kb = loadKnowledge();
const search = new KnowledgeSearch(kb.entries, kb.lexicon);
const terms = (text: string) => search.analyzer.analyze(text, { correct: true }).terms;
const gap = (example: string, count = 1, closest = ''): GapTally => ({ day: '2026-03-01', key: example.toLowerCase(), example, outcome: 'unsure', closest, count });

describe('insights: gap clusters', () => {
  it('groups wordings of one question and keeps other questions apart, largest first', () => {
    const clusters = clusterGaps(
      [
        gap('can I send a fax from nhsmail', 3, 'web-access'),
        gap('sending faxes from nhs mail?', 1, 'web-access'),
        gap('fax from nhsmail', 2, 'safe-sending'),
        gap('will it rain tomorrow', 1),
        gap('how do I book annual leave', 2),
        gap('booking annual leave', 1),
      ],
      { terms },
    );
    expect(clusters.map((c) => [c.label, c.count])).to.deep.equal([
      ['can I send a fax from nhsmail', 6],
      ['how do I book annual leave', 3],
      ['will it rain tomorrow', 1],
    ]);
    expect(clusters[0]!.examples).to.deep.equal(['can I send a fax from nhsmail', 'fax from nhsmail', 'sending faxes from nhs mail?']);
    // offered as closest 4 times against 2
    expect(clusters[0]!.closestEntryId).to.equal('web-access');
    expect(clusters[2]!.closestEntryId).to.equal(null);
  });

  it('adds up one wording asked on several days and keeps a handful of examples', () => {
    const many = Array.from({ length: 8 }, (_, i) => gap(`printer ${'setup '.repeat(i + 1).trim()}`, 1));
    const clusters = clusterGaps([gap('printer setup', 2), { ...gap('printer setup', 3), day: '2026-03-02' }, ...many.slice(1)], { terms, maxExamples: 3 });
    expect(clusters).to.have.length(1);
    expect(clusters[0]!.count).to.equal(12);
    expect(clusters[0]!.examples).to.have.length(3);
  });

  it('has nothing to show for nothing asked', () => {
    expect(clusterGaps([], { terms })).to.deep.equal([]);
  });
});
