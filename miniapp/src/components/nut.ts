// NutUI React Taro, one component at a time with its own CSS, so each subpackage carries only what it uses.
import Button from '@nutui/nutui-react-taro/dist/es/packages/button';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';

export { Button };
