import { Link } from 'react-router';
import { useTitle } from '../components/useTitle';

export function NotFound() {
  useTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">See every course</Link>.
      </p>
    </section>
  );
}
