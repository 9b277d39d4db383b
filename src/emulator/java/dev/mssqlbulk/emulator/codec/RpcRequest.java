package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * RPC request (MS-TDS 2.2.6.6): ALL_HEADERS, then one or more RPCReqBatch separated by BatchFlag 0xFF
 * (or NoExecFlag 0xFE).
 */
public final class RpcRequest {
    public static final int BATCH_FLAG = 0xFF;
    public static final int NO_EXEC_FLAG = 0xFE;
    /** NameLenProcID value announcing a ProcID instead of a name. */
    public static final int PROC_ID_SWITCH = 0xFFFF;
    /** Parameter StatusFlags fByRefValue (output parameter). */
    public static final int STATUS_BY_REF_VALUE = 0x01;

    /** One RPCReqBatch. procId is -1 when called by a name that is not a well-known procedure. */
    public record Call(int procId, String procName, int options, List<Param> params) {}

    /** One parameter; value is the decoded Java value (null for SQL NULL). */
    public record Param(String name, int status, int typeId, Object value) {
        public boolean output() {
            return (status & STATUS_BY_REF_VALUE) != 0;
        }
    }

    public final List<Call> calls;

    private RpcRequest(List<Call> calls) {
        this.calls = calls;
    }

    public static RpcRequest parse(ByteBuf p) {
        AllHeaders.skip(p);
        List<Call> calls = new ArrayList<>();
        while (p.isReadable()) {
            int nameLen = p.readUnsignedShortLE();
            int procId;
            String procName;
            if (nameLen == PROC_ID_SWITCH) {
                procId = p.readUnsignedShortLE();
                procName = null;
            } else {
                procName = p.readCharSequence(nameLen * 2, java.nio.charset.StandardCharsets.UTF_16LE)
                        .toString();
                procId = ProcId.byName(procName);
            }
            int options = p.readUnsignedShortLE();
            List<Param> params = new ArrayList<>();
            while (p.isReadable()) {
                int next = p.getUnsignedByte(p.readerIndex());
                if (next == BATCH_FLAG || next == NO_EXEC_FLAG) {
                    p.skipBytes(1);
                    break;
                }
                String name = Bytes.readBVarchar(p);
                int status = p.readUnsignedByte();
                int typeId = p.readUnsignedByte();
                Object value = ParamDecoder.decode(typeId, p);
                params.add(new Param(name, status, typeId, value));
            }
            calls.add(new Call(procId, procName, options, params));
        }
        return new RpcRequest(calls);
    }
}
