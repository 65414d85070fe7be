# A billing worker for the log corpus. Failed invoices are logged with
# Logger the way Rails does: the exception's class and message, then its
# backtrace lines. At the end an uncaught exception kills the worker and
# Ruby prints "file:line:in `method': message (Class)" and its "from" lines.
require 'logger'
require 'json'

LOG = Logger.new($stderr)

class Invoice
  attr_reader :id, :lines

  def initialize(id, lines)
    @id = id
    @lines = lines
  end

  def total
    lines.sum { |l| l[:qty] * l[:price] }
  end
end

def parse_invoice(text)
  JSON.parse(text)
end

def bill(kind, id)
  case kind
  when :nil_price
    Invoice.new(id, [{ qty: 2, price: nil }]).total
  when :bad_json
    parse_invoice('{"id": ' + id.to_s)
  when :missing
    Invoice.new(id, nil).total
  end
end

plan = [[:nil_price, 3], [:ok, 2], [:bad_json, 2], [:missing, 1]]
id = 500
plan.each do |kind, n|
  n.times do
    id += 1
    begin
      bill(kind, id)
      LOG.info("invoice #{id} billed")
    rescue StandardError => e
      LOG.error("invoice #{id} failed: #{e.class} (#{e.message})\n  " + e.backtrace.first(6).join("\n  "))
    end
  end
end

def close_ledger(ledger)
  raise ArgumentError, "ledger #{ledger} is already closed" if ledger
end

close_ledger('2026-05')
