import { View } from '@tarojs/components';
import { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Page } from '../../../../components/Page';
import { LoadingState } from '../../../../components/states';
import { useConsultSocket } from '../../../../hooks/use-consult-socket';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { PatientSummary } from '../../components/PatientSummary';
import { StaffThread } from '../../components/StaffThread';
import { useStaffMember } from '../../use-staff';
import { useWide } from '../../use-wide';
import '../../staff.css';

/** One consultation for staff (from the inbox on a phone, or a link): the chat, and the patient beside it on a desktop. */
export default function StaffConsultPage() {
  const id = useRouter().params.id;
  const { member } = useStaffMember();
  const wide = useWide();
  const [shown, setShown] = useState(true);
  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));
  const live = useConsultSocket('staff', !!member);
  return (
    <Page title="inbox.title" className="yb-console yb-console--desk">
      {member ? <ConsoleSidebar member={member} current="inbox" /> : <View />}
      <ConsoleMain>
        {!member || !id ? (
          <LoadingState />
        ) : (
          <View className={wide ? 'yb-desk yb-desk--two' : ''}>
            <StaffThread
              consultationId={id}
              member={member}
              socket={live.socket}
              socketStatus={live.status}
              socketDown={live.down}
              active={shown}
              summaryInline={wide}
            />
            {wide ? (
              <View className="yb-desk__side">
                <PatientSummary consultationId={id} />
              </View>
            ) : null}
          </View>
        )}
      </ConsoleMain>
    </Page>
  );
}
