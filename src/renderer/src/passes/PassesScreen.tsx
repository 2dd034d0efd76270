import { QuotaSection } from './QuotaSection';
import { TempPassSection } from './TempPassSection';
import { VehicleLogSection } from './VehicleLogSection';
import './passes.css';

/** Temporary passes, the vehicle log and resident plates, and the household outing limit. */
export function PassesScreen() {
  return (
    <div className="screen passes" data-testid="passes-screen">
      <TempPassSection />
      <VehicleLogSection />
      <QuotaSection />
    </div>
  );
}
