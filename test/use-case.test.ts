import { chartsLeaderFirst, leaderFirst, pascalName } from '../lib/use-case';

describe('use-case helpers', () => {
  test('leaderFirst puts the leader first and keeps the others in order', () => {
    expect(leaderFirst('eu-west-1', ['us-east-1', 'us-west-2', 'eu-west-1'])).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  test('leaderFirst adds no region the list does not have', () => {
    expect(leaderFirst('ap-south-1', ['us-east-1', 'us-west-2'])).toEqual(['us-east-1', 'us-west-2']);
  });

  test('pascalName turns a service name into a stack name prefix', () => {
    expect(pascalName('viewing-history')).toBe('ViewingHistory');
  });
});

describe('chartsLeaderFirst', () => {
  test('builds the leader first and hands what it built to every later chart', () => {
    const made = chartsLeaderFirst('b', ['a', 'b', 'c'],
      (region, fromLeader: string | undefined) => ({ region, fromLeader, built: `cluster@${region}` }),
      (chart) => chart.built);
    expect(made).toEqual([
      { region: 'b', fromLeader: undefined, built: 'cluster@b' },
      { region: 'a', fromLeader: 'cluster@b', built: 'cluster@a' },
      { region: 'c', fromLeader: 'cluster@b', built: 'cluster@c' },
    ]);
  });
});
