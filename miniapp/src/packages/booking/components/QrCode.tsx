import { View } from '@tarojs/components';
import { useMemo } from 'react';
import { qrRuns } from '../qr';

/**
 * A QR code drawn with Views (no canvas: the same markup renders in WeChat and the browser, needs no node query
 * after mount, and scales with the large-type mode). Each row is one View holding its runs of dark and light
 * modules, so a 25×25 code is a few hundred nodes, not 625.
 */
export function QrCode(props: { value: string; testId?: string }) {
  const { size, rows } = useMemo(() => qrRuns(props.value), [props.value]);
  const rowHeight = `${100 / size}%`;
  return (
    <View className="yb-qr" data-testid={props.testId} data-code={props.value} data-size={size} aria-label={props.value}>
      <View className="yb-qr__grid">
        {rows.map((runs, y) => (
          <View key={y} className="yb-qr__row" style={{ height: rowHeight }}>
            {runs.map((run, i) => (
              <View key={i} className={run.dark ? 'yb-qr__dark' : 'yb-qr__light'} style={{ width: `${(run.length / size) * 100}%` }} />
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}
