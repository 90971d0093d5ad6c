/**
 * Test support only (reads files): the 92 real export packets in ../shared/fixtures/netflow
 * (from logstash-plugins/logstash-codec-netflow, never copied into this repository), grouped
 * as captured: each group is one exporter, templates before data.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FlowBatch, formatAddress } from './batch.ts';
import { FlowDecoder, type DecodeResult } from './decoder.ts';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/netflow/', import.meta.url));
export const HAVE_FIXTURES = fs.existsSync(FIXTURES);
export const SKIP_REASON = HAVE_FIXTURES ? '' : ` (skipped: ${FIXTURES} not found; the fixtures live in ../shared/fixtures)`;

/** Exporter groups: files fed in this order to one decoder under one exporter key. */
export const GROUPS: Record<string, string[]> = {
  'v5 softflowd': ['netflow5.dat'],
  'v5 invalid 01': ['netflow5_test_invalid01.dat'],
  'v5 invalid 02': ['netflow5_test_invalid02.dat'],
  'v5 Juniper MX80': ['netflow5_test_juniper_mx80.dat'],
  'v5 MikroTik': ['netflow5_test_microtik.dat'],
  'v9 softflowd': ['netflow9_test_valid01.dat'],
  'v9 softflowd 2': ['netflow9_test_softflowd_tpl_data.dat'],
  'v9 invalid 01': ['netflow9_test_invalid01.dat'],
  'v9 macaddr': ['netflow9_test_macaddr_tpl.dat', 'netflow9_test_macaddr_data.dat'],
  'v9 Cisco ACI': ['netflow9_test_cisco_aci_tpl256-258.dat', 'netflow9_test_cisco_aci_data256.dat'],
  'v9 Cisco ASA 1': ['netflow9_test_cisco_asa_1_tpl.dat', 'netflow9_test_cisco_asa_1_data.dat'],
  'v9 Cisco ASA 2': ['netflow9_test_cisco_asa_2_tpl_26x.dat', 'netflow9_test_cisco_asa_2_tpl_27x.dat', 'netflow9_test_cisco_asa_2_data.dat'],
  'v9 nprobe': ['netflow9_test_nprobe_tpl.dat', 'netflow9_test_nprobe_data.dat'],
  'v9 nprobe DPI': ['netflow9_test_nprobe_dpi.dat'],
  'v9 ipt_netflow': ['netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat'],
  'v9 H3C': ['netflow9_test_h3c_tpl3281.dat', 'netflow9_test_h3c_data3281.dat'],
  'v9 H3C varstring': ['netflow9_test_h3c_netstream_varstring_tpl3281.dat', 'netflow9_test_h3c_netstream_varstring_data3281.dat'],
  'v9 IE150/151': ['netflow9_test_unknown_tpl266_292_data.dat'],
  'v9 Palo Alto 8.1': ['netflow9_test_paloalto_81_tpl256-263.dat', 'netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat'],
  'v9 Palo Alto PAN-OS': ['netflow9_test_paloalto_panos_tpl.dat', 'netflow9_test_paloalto_panos_data.dat'],
  'v9 FortiGate 5.2.1': [
    'netflow9_test_fortigate_fortios_521_tpl.dat', 'netflow9_test_fortigate_fortios_521_data256.dat', 'netflow9_test_fortigate_fortios_521_data257.dat',
  ],
  'v9 FortiGate 5.4.2': ['netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat', 'netflow9_test_fortigate_fortios_542_appid_data258_262.dat'],
  'v9 Ubiquiti': ['netflow9_test_ubnt_edgerouter_tpl.dat', 'netflow9_test_ubnt_edgerouter_data1024.dat', 'netflow9_test_ubnt_edgerouter_data1025.dat'],
  'v9 Streamcore': ['netflow9_test_streamcore_tpl_data256.dat', 'netflow9_test_streamcore_tpl_data260.dat'],
  'v9 Juniper SRX': ['netflow9_test_juniper_srx_tplopt.dat'],
  'v9 zero-length fields': ['netflow9_test_0length_fields_tpl_data.dat'],
  'v9 Huawei': ['netflow9_test_huawei_netstream_tpl.dat', 'netflow9_test_huawei_netstream_data.dat'],
  'v9 layer2SegmentId': ['netflow9_test_field_layer2segmentid_tpl.dat', 'netflow9_test_field_layer2segmentid_data.dat'],
  'v9 Cisco ASR9k': [
    'netflow9_test_cisco_asr9k_opttpl256.dat', 'netflow9_test_cisco_asr9k_opttpl257.dat', 'netflow9_test_cisco_asr9k_opttpl334.dat',
    'netflow9_test_cisco_asr9k_data256.dat', 'netflow9_test_cisco_asr9k_tpl260.dat', 'netflow9_test_cisco_asr9k_tpl266.dat',
    'netflow9_test_cisco_asr9k_data260.dat',
  ],
  'v9 Cisco NBAR options': ['netflow9_test_cisco_nbar_opttpl260.dat'],
  'v9 Cisco NBAR': ['netflow9_test_cisco_nbar_tpl262.dat', 'netflow9_test_cisco_nbar_data262.dat'],
  'v9 Cisco WLC': ['netflow9_test_cisco_wlc_tpl.dat', 'netflow9_test_cisco_wlc_data261.dat'],
  'v9 Cisco WLC 8510': ['netflow9_test_cisco_wlc_8510_tpl_262.dat'],
  'v9 Cisco 1941/K9': ['netflow9_test_cisco_1941K9.dat'],
  'v9 Cisco ASR1001-X': ['netflow9_cisco_asr1001x_tpl259.dat'],
  'IPFIX softflowd': ['ipfix.dat'],
  'IPFIX OpenBSD pflow': ['ipfix_test_openbsd_pflow_tpl.dat', 'ipfix_test_openbsd_pflow_data.dat'],
  'IPFIX Ixia': ['ipfix_test_ixia_tpldata256.dat', 'ipfix_test_ixia_tpldata271.dat'],
  'IPFIX Juniper MX240': ['ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat', 'ipfix_test_juniper_mx240_junos151r6s3_data512.dat'],
  'IPFIX Nokia BRAS': ['ipfix_test_nokia_bras_tpl.dat', 'ipfix_test_nokia_bras_data256.dat'],
  'IPFIX Procera': ['ipfix_test_procera_tpl52935.dat', 'ipfix_test_procera_data52935.dat'],
  'IPFIX Barracuda': ['ipfix_test_barracuda_tpl.dat', 'ipfix_test_barracuda_data256.dat'],
  'IPFIX Barracuda uniflow': ['ipfix_test_barracuda_extended_uniflow_tpl256.dat', 'ipfix_test_barracuda_extended_uniflow_data256.dat'],
  'IPFIX MikroTik': ['ipfix_test_mikrotik_tpl.dat', 'ipfix_test_mikrotik_data258.dat', 'ipfix_test_mikrotik_data259.dat'],
  'IPFIX NetScaler': ['ipfix_test_netscaler_tpl.dat', 'ipfix_test_netscaler_data.dat'],
  'IPFIX VMware VDS': ['ipfix_test_vmware_vds_tpl.dat', 'ipfix_test_vmware_vds_data264.dat', 'ipfix_test_vmware_vds_data266.dat', 'ipfix_test_vmware_vds_data266_267.dat'],
  'IPFIX Viptela': ['ipfix_test_viptela_tpl257.dat', 'ipfix_test_viptela_data257.dat'],
  'IPFIX YAF': [
    'ipfix_test_yaf_tpls_option_tpl.dat', 'ipfix_test_yaf_tpl45841.dat', 'ipfix_test_yaf_data45841.dat', 'ipfix_test_yaf_data45873.dat',
    'ipfix_test_yaf_data53248.dat',
  ],
};

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(FIXTURES + name));
}

/** A decoded flow as plain values, for readable assertions. */
export interface Flow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  tcpFlags: number;
  packets: number;
  bytes: number;
  start: string;
  end: string;
  sampling: number;
  family: number;
}

export function rows(out: FlowBatch, from = 0, to = out.length): Flow[] {
  const list: Flow[] = [];
  for (let i = from; i < to; i++) {
    list.push({
      src: formatAddress(out.src, i, out.family[i]!), dst: formatAddress(out.dst, i, out.family[i]!), srcPort: out.srcPort[i]!,
      dstPort: out.dstPort[i]!, proto: out.proto[i]!, tcpFlags: out.tcpFlags[i]!, packets: out.packets[i]!, bytes: out.bytes[i]!,
      start: new Date(out.start[i]!).toISOString(), end: new Date(out.end[i]!).toISOString(), sampling: out.sampling[i]!, family: out.family[i]!,
    });
  }
  return list;
}

export interface GroupRun {
  decoder: FlowDecoder;
  /** Results per file, copied (the decoder reuses its result object). */
  results: DecodeResult[];
  flows: Flow[];
  /** Flows of each file. */
  perFile: Flow[][];
}

/** Feeds a group's files, in order, to one fresh decoder under one exporter key. */
export function runGroup(files: readonly string[], receivedAtMs = Date.UTC(2020, 0, 1)): GroupRun {
  const decoder = new FlowDecoder();
  const out = new FlowBatch(20_000);
  const results: DecodeResult[] = [];
  const perFile: Flow[][] = [];
  for (const name of files) {
    const before = out.length;
    const r = decoder.decode(readFixture(name), { id: 7, key: '192.0.2.10:2055' }, receivedAtMs, out);
    results.push(Object.assign(Object.create(Object.getPrototypeOf(r)) as DecodeResult, r));
    perFile.push(rows(out, before));
  }
  return { decoder, results, flows: rows(out), perFile };
}

/**
 * logstash-codec-netflow's expected value for a sysUptime-derived time (v9 first/last
 * switched, and v5 when the sub-second part borrows) is one second late: its v9 formula adds
 * 1 000 000 µs minus the remainder, and its v5 borrow writes `seconds--`, which Ruby parses
 * as an expression, not a decrement. The packet arithmetic (header time − (sysUptime − t)),
 * which these tests assert, is the spec's value minus that second.
 */
export function specUptimeTime(iso: string): string {
  return new Date(Date.parse(iso) - 1000).toISOString();
}
