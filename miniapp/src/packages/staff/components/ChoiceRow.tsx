import { Text, View } from '@tarojs/components';

/** One filter as a row of chips: a label, then the choices (one is on). */
export function ChoiceRow<T extends string>(props: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <View className="yb-toolbar" data-testid={props.testId}>
      <Text className="yb-toolbar__label">{props.label}</Text>
      {props.options.map((o) => (
        <Text
          key={o.value}
          className={`yb-choice ${o.value === props.value ? 'yb-choice--on' : ''}`}
          data-value={o.value}
          data-on={o.value === props.value ? 'yes' : 'no'}
          onClick={() => props.onChange(o.value)}
        >
          {o.label}
        </Text>
      ))}
    </View>
  );
}
